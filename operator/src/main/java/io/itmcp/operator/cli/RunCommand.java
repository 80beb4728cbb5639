package io.itmcp.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.operator.config.ClusterDns;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.config.SandboxImage;
import io.itmcp.operator.config.WarmPoolSettings;
import io.itmcp.operator.dns.SystemHostResolver;
import io.itmcp.operator.runtime.HealthServer;
import io.itmcp.operator.runtime.OperatorRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the operator against the current kubeconfig or the in-cluster service account. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the operator.")
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--namespaces",
      split = ",",
      paramLabel = "NS",
      description = "Namespaces to watch (default: all)")
  List<String> namespaces = List.of();

  @Option(
      names = "--egress-mode",
      defaultValue = "auto",
      description = "network-policy, cilium or auto (default: ${DEFAULT-VALUE})")
  String egressMode;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "Port of /healthz, /readyz, /metrics (default: ${DEFAULT-VALUE})")
  int httpPort;

  @Option(
      names = "--no-leader-election",
      description = "Reconcile without electing a leader (one replica only)")
  boolean noLeaderElection;

  @Option(
      names = "--lease-namespace",
      description = "Namespace of the leader-election Lease (default: the operator's)")
  String leaseNamespace;

  @Option(
      names = "--lease-name",
      defaultValue = OperatorOptions.DEFAULT_LEASE_NAME,
      description = "Name of the leader-election Lease (default: ${DEFAULT-VALUE})")
  String leaseName;

  @Option(
      names = "--dns-ttl-floor",
      defaultValue = "30",
      description = "Seconds, at least, between re-resolutions (default: ${DEFAULT-VALUE})")
  long ttlFloor;

  @Option(
      names = "--dns-ttl-ceiling",
      defaultValue = "300",
      description = "Seconds, at most, between re-resolutions (default: ${DEFAULT-VALUE})")
  long ttlCeiling;

  @Option(
      names = "--dns-default-ttl",
      defaultValue = "60",
      description =
          "Seconds an address set is kept when the resolver reports no TTL, within floor and ceiling"
              + " (default: ${DEFAULT-VALUE})")
  long defaultTtl;

  @Option(
      names = "--default-image",
      paramLabel = "IMAGE",
      defaultValue = SandboxImage.DEFAULT,
      description = "Sandbox image of a policy that names none (default: ${DEFAULT-VALUE})")
  String defaultImage;

  @Option(
      names = "--tmp-size-limit",
      paramLabel = "QUANTITY",
      defaultValue = OperatorOptions.DEFAULT_TMP_SIZE_LIMIT,
      description = "Size limit of each sandbox's /tmp emptyDir (default: ${DEFAULT-VALUE})")
  String tmpSizeLimit;

  @Option(
      names = "--ssh-mount-path",
      paramLabel = "DIR",
      defaultValue = SessionContract.SSH_MOUNT_PATH,
      description =
          "Where the policy's ssh Secret is mounted in the sandbox; the gateway's --ssh-mount-path must match"
              + " (default: ${DEFAULT-VALUE})")
  String sshMountPath;

  @Option(
      names = "--missing-policy-retry",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "Seconds between looks at a session whose policy does not exist (default: ${DEFAULT-VALUE})")
  long missingPolicyRetry;

  @Option(
      names = "--warm-pool-max-pods",
      defaultValue = "" + WarmPoolSettings.DEFAULT_MAX_PODS,
      description =
          "Most idle warm-pool pods kept across all policies; 0 turns pools off (default: ${DEFAULT-VALUE})")
  int warmPoolMaxPods;

  @Option(
      names = "--warm-pool-refill-delay-ms",
      paramLabel = "MILLIS",
      defaultValue = "" + WarmPoolSettings.DEFAULT_REFILL_DELAY_MILLIS,
      description =
          "How long no claim must come before claimed warm-pool pods are replaced, so that the"
              + " replacements do not compete with the claimed sandboxes' first calls (at most 5x this"
              + " after the oldest claim replaced); 0 refills at once (default: ${DEFAULT-VALUE})")
  long warmPoolRefillDelayMillis;

  @Option(
      names = "--cluster-dns-namespace-labels",
      paramLabel = "K=V[,K=V]",
      description =
          "Namespace selector of the cluster DNS pods (default: kubernetes.io/metadata.name=kube-system;"
              + " OpenShift: kubernetes.io/metadata.name=openshift-dns)")
  String dnsNamespaceLabels;

  @Option(
      names = "--cluster-dns-pod-labels",
      paramLabel = "K=V[,K=V]",
      description =
          "Pod selector of the cluster DNS pods (default: k8s-app=kube-dns;"
              + " OpenShift: dns.operator.openshift.io/daemonset-dns=default)")
  String dnsPodLabels;

  @Option(
      names = "--cluster-dns-ports",
      paramLabel = "PROTO:PORT[,PROTO:PORT]",
      description =
          "Ports of the cluster DNS pods after the Service's DNAT, numbers or port names"
              + " (default: UDP:53,TCP:53; OpenShift: UDP:dns,TCP:dns-tcp, which are 5353)")
  String dnsPorts;

  @Option(
      names = "--node-local-dns",
      paramLabel = "IP",
      description =
          "Address of a NodeLocal DNSCache (e.g. 169.254.20.10), opened on UDP and TCP 53")
  String nodeLocalDns;

  ClusterDns clusterDns() {
    ClusterDns dns = ClusterDns.kubeDns();
    if (dnsNamespaceLabels != null) {
      dns = dns.withNamespaceLabels(ClusterDns.parseLabels(dnsNamespaceLabels));
    }
    if (dnsPodLabels != null) {
      dns = dns.withPodLabels(ClusterDns.parseLabels(dnsPodLabels));
    }
    if (dnsPorts != null) {
      dns = dns.withPorts(ClusterDns.parsePorts(dnsPorts));
    }
    return dns.withNodeLocalAddress(Optional.ofNullable(nodeLocalDns).filter(a -> !a.isBlank()));
  }

  /**
   * The options these flags give; {@link IllegalArgumentException} names a flag no sandbox could
   * use.
   */
  OperatorOptions options() {
    return OperatorOptions.builder()
        .namespaces(Set.copyOf(namespaces))
        .defaultImage(defaultImage)
        .egressMode(EgressMode.fromWire(egressMode))
        .clusterDns(clusterDns())
        .dnsTtl(
            Duration.ofSeconds(ttlFloor),
            Duration.ofSeconds(ttlCeiling),
            Duration.ofSeconds(defaultTtl))
        .tmpSizeLimit(tmpSizeLimit)
        .sshMountPath(sshMountPath)
        .leaderElection(!noLeaderElection)
        .lease(leaseName, leaseNamespace)
        .httpPort(httpPort)
        .missingPolicyRetry(Duration.ofSeconds(missingPolicyRetry))
        .build();
  }

  @Override
  public Integer call() throws Exception {
    OperatorOptions options;
    WarmPoolSettings warmPool;
    try {
      options = options();
      warmPool =
          new WarmPoolSettings(warmPoolMaxPods, Duration.ofMillis(warmPoolRefillDelayMillis));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorRuntime runtime =
        new OperatorRuntime(client, options, warmPool, new SystemHostResolver(), Clock.systemUTC());
    HealthServer health =
        options.httpPort() > 0
            ? new HealthServer(options.httpPort(), runtime.operator(), runtime.metrics())
            : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  if (health != null) {
                    health.close();
                  }
                  client.close();
                  stopped.countDown();
                },
                "itmcp-operator-shutdown"));
    try {
      runtime.start();
    } catch (RuntimeException e) {
      System.err.println(
          "itmcp-operator: cannot start against "
              + client.getMasterUrl()
              + ": "
              + e.getMessage()
              + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
      return 1;
    }
    stopped.await();
    return 0;
  }
}
