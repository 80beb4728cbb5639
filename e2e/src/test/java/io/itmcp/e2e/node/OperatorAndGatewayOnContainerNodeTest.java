package io.itmcp.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.docker.RequiresDockerEngine;
import io.itmcp.e2e.docker.SideBySide;
import io.itmcp.e2e.env.Peers;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.e2e.netpol.EgressFirewall;
import io.itmcp.e2e.pod.TestSession;
import io.itmcp.e2e.tools.Outcomes;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.kubernetes.KubernetesRuntimeSettings;
import io.itmcp.gateway.runtime.kubernetes.KubernetesSandboxRuntime;
import io.itmcp.gateway.ssh.SandboxSshPaths;
import io.itmcp.gateway.tools.ToolCallRunner;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real operator and the gateway's own Kubernetes runtime on one container-backed node (one
 * cluster for both: its network, peers, mock API server, node and operator cost about as much to
 * start as the scenarios take to run).
 *
 * <p>The operator: an ItmcpSession created through the API becomes a Ready session whose pod is a
 * real locked-down container; exec through the API runs in it; the operator's NetworkPolicy is
 * enforced on its traffic, and editing the ItmcpPolicy changes what the container can reach;
 * deleting the session removes the container.
 *
 * <p>The gateway: {@link KubernetesSandboxRuntime} creates the ItmcpSession, the real operator
 * renders the pod, the node runs it as a real container, and tool calls planned by the real tools
 * go through the runtime's pod exec into that container. (The MCP transport is not on this branch;
 * everything below it is real.)
 *
 * <p>Each has a policy of its own: the operator scenario's edit does not reach the gateway's
 * session.
 */
@ExtendWith(RequiresDockerEngine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorAndGatewayOnContainerNodeTest {
  /** The operator scenario's session; the gateway's is the runtime's. */
  private static final String OPERATOR_SESSION = "op-e2e";

  private static final String NS = TestSession.NAMESPACE;
  private ContainerCluster cluster;
  private KubernetesSandboxRuntime runtime;
  private Sandbox sandbox;
  private EffectivePolicy policy;
  private Map<ToolName, ToolDefinition> tools;

  @BeforeAll
  void start() throws Exception {
    cluster = new ContainerCluster("gateway");
    ItmcpPolicy written =
        PolicyLoader.fromYamlString(SandboxPodEnvironment.policyFor(cluster.peers));
    cluster.client.resource(written).create();
    policy = EffectivePolicy.compile(written);
    runtime =
        new KubernetesSandboxRuntime(
            cluster.client,
            KubernetesRuntimeSettings.defaults(NS).withReadyTimeout(Duration.ofSeconds(60)));
    sandbox =
        runtime.open("mcp-e2e-1", new Identity("alice@example.com", List.of("netops")), policy);
    tools =
        ToolCatalog.all(
                SandboxSshPaths.mountedAt(Path.of(OperatorOptions.defaults().sshMountPath())))
            .stream()
            .collect(Collectors.toMap(ToolDefinition::name, Function.identity()));
  }

  @AfterAll
  void stop() throws Exception {
    String container =
        cluster == null
            ? null
            : cluster
                .node
                .container(NS + "/" + podName(), SessionContract.SANDBOX_CONTAINER)
                .orElse(null);
    // a sandbox of one MCP session of its own (open(label, ...)) ends when that session closes it;
    // closing the runtime (a replica stopping) leaves sandboxes to their callers
    if (sandbox != null) {
      sandbox.close();
    }
    if (runtime != null) {
      runtime.close();
    }
    if (container != null) {
      String removed = container;
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () ->
                  assertThat(Docker.docker("inspect", removed).ok())
                      .as("closing the MCP session's sandbox removed its container")
                      .isFalse());
    }
    if (cluster != null) {
      cluster.close();
    }
    assertThat(EgressFirewall.ownRules()).isEmpty();
  }

  /** The gateway session's pod. */
  private String podName() {
    return cluster.client.pods().inNamespace(NS).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .filter(name -> !name.startsWith(OPERATOR_SESSION + "-"))
        .findFirst()
        .orElse("none");
  }

  private ToolCallRunner.Outcome call(ToolName tool, Map<String, Object> args)
      throws InterruptedException {
    return ToolCallRunner.run(
        sandbox, tools.get(tool).plan(args, policy), policy, ProgressListener.NONE);
  }

  @Test
  void pingDigTelnetAndCatAnswerFromTheRealContainer() throws Exception {
    ToolCallRunner.Outcome ping =
        call(ToolName.PING, Map.of("target", cluster.peers.sshIp, "count", 1));
    assertThat(ping.result().stdout()).as(Outcomes.describe(ping)).contains("1 received");
    ToolCallRunner.Outcome dig =
        call(
            ToolName.DIG,
            Map.of(
                "target",
                Peers.ZONE_NAME,
                "server",
                cluster.peers.dnsIp,
                "options",
                List.of("+short")));
    assertThat(dig.result().stdout().strip())
        .as(Outcomes.describe(dig))
        .isEqualTo(cluster.peers.sshIp);
    ToolCallRunner.Outcome telnet =
        call(ToolName.TELNET, Map.of("target", cluster.peers.sshIp, "port", 22));
    assertThat(telnet.result().exitCode()).as(Outcomes.describe(telnet)).isZero();
    ToolCallRunner.Outcome cat =
        call(ToolName.CAT, Map.of("file_path", SandboxPodEnvironment.FILES_DIR + "/app.log"));
    assertThat(cat.result().stdout())
        .as(Outcomes.describe(cat))
        .startsWith(SandboxPodEnvironment.APP_LOG.get(0));
  }

  @Test
  void sshRunsAnAllowedCommandWithTheSecretMountedInThePod() throws Exception {
    ToolCallRunner.Outcome ssh =
        call(
            ToolName.SSH,
            Map.of("target", cluster.peers.sshIp, "user", Peers.SSH_USER, "command", "uname -n"));
    assertThat(ssh.result().exitCode()).as(Outcomes.describe(ssh)).isZero();
    assertThat(ssh.result().stdout().strip()).isEqualTo(Peers.SSH_HOSTNAME);
  }

  @Test
  void aHostOutsideThePolicyIsUnreachableEvenBypassingTheGateway() throws Exception {
    String pod = podName();
    try (SideBySide dropped = new SideBySide()) {
      Future<ContainerCluster.Exec> ncToB = dropped.start(() -> inSandbox(pod, tcpToB(2)));
      Future<ContainerCluster.Exec> pingB =
          dropped.start(
              () -> inSandbox(pod, "ping", "-n", "-c", "1", "-W", "2", "--", cluster.peerB));
      ContainerCluster.Exec nc = ncToB.get();
      assertThat(nc.exitCode()).as(nc.toString()).isNotZero();
      ContainerCluster.Exec ping = pingB.get();
      assertThat(ping.exitCode()).as(ping.toString()).isNotZero();
    }
  }

  /** The environment's policy under a name of its own. */
  private String operatorPolicyYaml() {
    String yaml = SandboxPodEnvironment.policyFor(cluster.peers);
    assertThat(yaml).contains("{name: e2e-tools,");
    return yaml.replace("{name: e2e-tools,", "{name: e2e-operator,");
  }

  private void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    try {
      await(what)
          .atMost(Duration.ofSeconds(45))
          .pollInterval(Duration.ofMillis(200))
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "not within 45 s: " + what + " (node errors: " + cluster.node.errors() + ")", e);
    }
  }

  /** {@code argv} exec'd in the sandbox container of {@code pod}, bypassing the gateway. */
  private ContainerCluster.Exec inSandbox(String pod, String... argv) {
    return cluster.exec(NS, pod, SessionContract.SANDBOX_CONTAINER, List.of(argv));
  }

  private boolean reaches(String pod, String... argv) {
    return inSandbox(pod, argv).exitCode() == 0;
  }

  /** A TCP connect to peer B's port (outside the policy until an edit allows it). */
  private String[] tcpToB(int timeoutSeconds) {
    return new String[] {
      "nc",
      "-z",
      "-w",
      Integer.toString(timeoutSeconds),
      "--",
      cluster.peerB,
      Integer.toString(ContainerCluster.B_PORT)
    };
  }

  private ItmcpSession session(String name) {
    return cluster.client.resources(ItmcpSession.class).inNamespace(NS).withName(name).get();
  }

  @Test
  void aSessionBecomesARealContainerThatReachesOnlyWhatThePolicyAllows() throws Exception {
    ItmcpPolicy policy = PolicyLoader.fromYamlString(operatorPolicyYaml());
    cluster.client.resource(policy).create();
    ItmcpSession created =
        cluster
            .client
            .resource(
                Serialization.unmarshal(
                    """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpSession
        metadata: {name: %s, namespace: %s}
        spec:
          policyRef: {name: %s}
          user: {name: e2e@example.com}
        """
                        .formatted(OPERATOR_SESSION, NS, policy.getMetadata().getName()),
                    ItmcpSession.class))
            .create();
    eventually(
        "session Ready",
        () -> {
          ItmcpSession s = session(created.getMetadata().getName());
          return s != null
              && s.getStatus() != null
              && s.getStatus().getPhase() == SessionPhase.Ready;
        });
    ItmcpSession ready = session(created.getMetadata().getName());
    String podName = ready.getStatus().getPodName();
    Pod pod = cluster.client.pods().inNamespace(NS).withName(podName).get();
    String container =
        cluster.node.container(NS + "/" + podName, SessionContract.SANDBOX_CONTAINER).orElseThrow();
    assertThat(ready.getStatus().getPodIP())
        .isEqualTo(pod.getStatus().getPodIP())
        .isEqualTo(Docker.ipOf(container, cluster.network.name()));

    ContainerCluster.Exec dig =
        inSandbox(podName, "dig", "@" + cluster.peers.dnsIp, "+short", Peers.ZONE_NAME);
    assertThat(dig.stdout().strip()).as(dig.toString()).isEqualTo(cluster.peers.sshIp);
    ContainerCluster.Exec ping =
        inSandbox(podName, "ping", "-n", "-c", "1", "-W", "2", "--", cluster.peers.sshIp);
    assertThat(ping.exitCode()).as(ping.toString()).isZero();
    assertThat(reaches(podName, tcpToB(2)))
        .as("B is outside the policy\n" + EgressFirewall.dump())
        .isFalse();

    // A change in Git: the policy now allows B. The operator re-renders the session's
    // NetworkPolicy.
    ItmcpPolicy edited =
        PolicyLoader.fromYamlString(
            operatorPolicyYaml()
                .replace("allowedHosts: [", "allowedHosts: [\"" + cluster.peerB + "\", "));
    ItmcpPolicy current =
        cluster
            .client
            .resources(ItmcpPolicy.class)
            .inNamespace(NS)
            .withName(policy.getMetadata().getName())
            .get();
    current.setSpec(edited.getSpec());
    cluster.client.resource(current).update();
    eventually("B reachable after the policy edit", () -> reaches(podName, tcpToB(1)));

    cluster
        .client
        .resources(ItmcpSession.class)
        .inNamespace(NS)
        .withName(created.getMetadata().getName())
        .delete();
    eventually(
        "the session's container is removed", () -> !Docker.docker("inspect", container).ok());
    assertThat(cluster.node.errors()).isEmpty();
  }
}
