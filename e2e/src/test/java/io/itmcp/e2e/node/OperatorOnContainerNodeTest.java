package io.itmcp.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.docker.RequiresDockerEngine;
import io.itmcp.e2e.env.Peers;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.e2e.netpol.EgressFirewall;
import io.itmcp.e2e.pod.TestSession;
import io.itmcp.policy.PolicyLoader;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real operator on the container-backed node: an ItmcpSession created through the API becomes a
 * Ready session whose pod is a real locked-down container; exec through the API runs in it; the
 * operator's NetworkPolicy is enforced on its traffic, and editing the ItmcpPolicy changes what the
 * container can reach; deleting the session removes the container.
 */
@ExtendWith(RequiresDockerEngine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorOnContainerNodeTest {
  private static final String NS = TestSession.NAMESPACE;
  private ContainerCluster cluster;

  @BeforeAll
  void start() {
    cluster = new ContainerCluster("operator");
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    assertThat(EgressFirewall.ownRules()).isEmpty();
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

  private boolean reaches(String pod, String... argv) {
    return cluster.exec(NS, pod, SessionContract.SANDBOX_CONTAINER, List.of(argv)).exitCode() == 0;
  }

  private ItmcpSession session(String name) {
    return cluster.client.resources(ItmcpSession.class).inNamespace(NS).withName(name).get();
  }

  @Test
  void aSessionBecomesARealContainerThatReachesOnlyWhatThePolicyAllows() throws Exception {
    ItmcpPolicy policy =
        PolicyLoader.fromYamlString(SandboxPodEnvironment.policyFor(cluster.peers));
    cluster.client.resource(policy).create();
    ItmcpSession created =
        cluster
            .client
            .resource(
                Serialization.unmarshal(
                    """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpSession
        metadata: {name: op-e2e, namespace: %s}
        spec:
          policyRef: {name: %s}
          user: {name: e2e@example.com}
        """
                        .formatted(NS, policy.getMetadata().getName()),
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
        cluster.exec(
            NS,
            podName,
            SessionContract.SANDBOX_CONTAINER,
            List.of("dig", "@" + cluster.peers.dnsIp, "+short", Peers.ZONE_NAME));
    assertThat(dig.stdout().strip()).as(dig.toString()).isEqualTo(cluster.peers.sshIp);
    ContainerCluster.Exec ping =
        cluster.exec(
            NS,
            podName,
            SessionContract.SANDBOX_CONTAINER,
            List.of("ping", "-n", "-c", "1", "-W", "2", "--", cluster.peers.sshIp));
    assertThat(ping.exitCode()).as(ping.toString()).isZero();
    assertThat(
            reaches(
                podName,
                "nc",
                "-z",
                "-w",
                "2",
                "--",
                cluster.peerB,
                Integer.toString(ContainerCluster.B_PORT)))
        .as("B is outside the policy\n" + EgressFirewall.dump())
        .isFalse();

    // A change in Git: the policy now allows B. The operator re-renders the session's
    // NetworkPolicy.
    ItmcpPolicy edited =
        PolicyLoader.fromYamlString(
            SandboxPodEnvironment.policyFor(cluster.peers)
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
    eventually(
        "B reachable after the policy edit",
        () ->
            reaches(
                podName,
                "nc",
                "-z",
                "-w",
                "1",
                "--",
                cluster.peerB,
                Integer.toString(ContainerCluster.B_PORT)));

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
