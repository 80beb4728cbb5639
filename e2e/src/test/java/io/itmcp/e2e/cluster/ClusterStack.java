package io.itmcp.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.e2e.env.GatewaysSee;
import io.itmcp.gateway.audit.HashChainedAuditLog;
import io.itmcp.gateway.cluster.ClusterGateway;
import io.itmcp.gateway.http.HttpGatewayConfig;
import io.itmcp.gateway.observe.Observability;
import io.itmcp.gateway.runtime.kubernetes.GatewayKubernetesClient;
import io.itmcp.gateway.runtime.kubernetes.KubernetesRuntimeSettings;
import io.itmcp.gateway.session.LegacySessionBounds;
import io.itmcp.gateway.ssh.SshCredentials;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.gateway.tools.network.DigTool;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.dns.Resolution;
import io.itmcp.operator.runtime.OperatorRuntime;
import io.itmcp.policy.PolicyLoader;
import io.itmcp.testkit.kubernetes.FakeKubelet;
import io.itmcp.testkit.time.AheadClock;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole cluster path in one process: {@link ClusterApi} (mock API server with TokenReview,
 * SubjectAccessReview and local pod exec), a {@link FakeKubelet} running pods locally, the real
 * operator (JOSDK, network-policy egress), a dnsmasq on loopback, and the gateway exactly as {@code
 * serve --runtime kubernetes --namespace itmcp-sandboxes --policy-name netops} assembles it, on a
 * free loopback port, writing its audit log to a file.
 */
final class ClusterStack implements AutoCloseable {
  static final String NS = KubernetesRuntimeSettings.DEFAULT_NAMESPACE;
  static final String DEFAULT_POLICY = "netops";

  final ClusterApi api;
  final KubernetesClient client;
  final FakeKubelet kubelet;
  final OperatorRuntime operator;

  /**
   * The operator's clock and the gateway replicas' session clock: real time unless a test sets them
   * ahead.
   */
  final AheadClock operatorClock = new AheadClock();

  final AheadClock gatewayClock = new AheadClock();
  final LoopbackDns dns;
  final Path auditLog;
  final ClusterGateway gateway;
  private final KubernetesClient operatorClient;
  private final Path work;
  private final List<KubernetesClient> gatewayClients =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<ClusterGateway> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();

  ClusterStack() throws Exception {
    api = new ClusterApi();
    client = api.client;
    kubelet = FakeKubelet.runningLocally(api.newClient(), api.runningPods());
    dns = LoopbackDns.start();
    Map<String, InetAddress> names =
        Map.of(LoopbackDns.NAME, InetAddress.getByName(LoopbackDns.ADDRESS));
    operatorClient = api.newClient();
    operator =
        new OperatorRuntime(
                operatorClient,
                OperatorOptions.builder()
                    .leaderElection(false)
                    .httpPort(0)
                    .egressMode(EgressMode.NETWORK_POLICY)
                    .build(),
                host ->
                    Optional.ofNullable(names.get(host))
                        .map(a -> Resolution.of(List.of(a), Optional.empty()))
                        .orElse(
                            Resolution.failed(
                                "NXDOMAIN (the test resolver knows only " + names.keySet() + ")")),
                operatorClock)
            .start();
    work = Files.createTempDirectory("itmcp-cluster-e2e-");
    auditLog = work.resolve("audit.jsonl");
    gateway = startReplica("gateway-e2e", auditLog, LegacySessionBounds.defaults());
  }

  /**
   * Another gateway replica on the same API server, as a second pod of the Deployment: its own
   * process state, client, port and audit log; nothing shared with the others but the cluster.
   */
  ClusterGateway startReplica(String instance, Path audit, LegacySessionBounds bounds)
      throws Exception {
    KubernetesRuntimeSettings settings =
        KubernetesRuntimeSettings.defaults(NS)
            .withReadyTimeout(Duration.ofSeconds(30))
            .withStatusCheckInterval(Duration.ofMillis(500));
    KubernetesClient replicaClient =
        GatewayKubernetesClient.create(api.newClient().getConfiguration());
    gatewayClients.add(replicaClient);
    ClusterGateway replica =
        ClusterGateway.start(
            replicaClient,
            new ClusterGateway.Options(
                new HttpGatewayConfig(
                    "127.0.0.1", 0, List.of(), List.of(), HttpGatewayConfig.DEFAULT_MAX_BODY_BYTES),
                settings,
                DEFAULT_POLICY,
                null,
                List.of(),
                instance,
                catalog(dns.port),
                bounds),
            HashChainedAuditLog.toFile(audit),
            Observability.standard(),
            gatewayClock::nanoTime);
    replicas.add(replica);
    return replica;
  }

  /** A file for a replica's audit log, removed with the stack. */
  Path auditFile(String name) {
    return work.resolve(name + ".jsonl");
  }

  /** The gateway's catalog; dig_tool asks the test's dnsmasq on its port when that is not 53. */
  private static List<ToolDefinition> catalog(int dnsPort) {
    List<ToolDefinition> tools =
        new ArrayList<>(ToolCatalog.all(SshCredentials.fromEnvironment(Map.of())));
    if (dnsPort != 53) {
      tools.replaceAll(t -> t instanceof DigTool ? new DigTool(dnsPort) : t);
    }
    return tools;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + gateway.port();
  }

  /**
   * An ItmcpPolicy in the sandbox namespace, created or replaced; returns once every gateway
   * replica's watch delivered it.
   */
  ItmcpPolicy applyPolicy(String name, String tools, List<String> hosts) {
    String quoted = String.join(", ", hosts.stream().map(h -> "\"" + h + "\"").toList());
    ItmcpPolicy policy =
        PolicyLoader.fromYamlString(
            """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata: {name: %s, namespace: %s}
        spec:
          tools: [%s]
          allowedHosts: [%s]
          dnsServers: ["%s"]
        """
                .formatted(name, NS, tools, quoted, dns.ip));
    ItmcpPolicy current = client.resources(ItmcpPolicy.class).inNamespace(NS).withName(name).get();
    if (current == null) {
      return seenByTheGateways(client.resource(policy).create());
    }
    current.setSpec(policy.getSpec());
    return seenByTheGateways(client.resource(current).update());
  }

  /** {@code applied}, once every gateway replica's watch delivered it. */
  ItmcpPolicy seenByTheGateways(ItmcpPolicy applied) {
    return GatewaysSee.version(replicas, applied);
  }

  @Override
  public void close() throws Exception {
    try {
      gateway.close();
    } finally {
      operator.close();
      kubelet.close();
      gatewayClients.forEach(KubernetesClient::close);
      operatorClient.close();
      dns.close();
      api.close();
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
