package io.itmcp.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.docker.DockerNetwork;
import io.itmcp.e2e.docker.DockerResources;
import io.itmcp.e2e.docker.RequiresDockerEngine;
import io.itmcp.e2e.docker.SideBySide;
import io.itmcp.e2e.env.NodeNetwork;
import io.itmcp.e2e.env.Peers;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.e2e.netpol.EgressFirewall;
import io.itmcp.e2e.pod.TestSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The container-backed node under fabric8's mock API server (CRUD): the operator's rendered objects
 * created through the API become a real container whose status is Running with its IP; pod exec
 * through the fabric8 client (the websocket the gateway's runtime opens) runs in that container;
 * the NetworkPolicy on the server is enforced and follows its edits; deleting the pod removes the
 * containers.
 */
@ExtendWith(RequiresDockerEngine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerNodeTest {
  private static final int B_PORT = NodeNetwork.B_PORT;
  private DockerResources resources;
  private Peers peers;
  private String peerB;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private ContainerNode node;

  @BeforeAll
  void start() throws Exception {
    resources = new DockerResources();
    NodeNetwork base = NodeNetwork.start(resources, "node");
    Path work = base.work();
    DockerNetwork network = base.network();
    peers = base.peers();
    peerB = base.peerB();
    AtomicReference<ContainerNode> nodeRef = new AtomicReference<>();
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            new PodExecDispatcher(
                new KubernetesCrudDispatcher(),
                (pod, container) ->
                    Optional.ofNullable(nodeRef.get()).flatMap(n -> n.container(pod, container))),
            false);
    server.init();
    client = server.createClient();
    node = new ContainerNode(resources, network, SandboxPodEnvironment.binder(work, peers), client);
    nodeRef.set(node);
    node.start();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
    if (resources != null) {
      resources.close();
    }
    assertThat(EgressFirewall.ownRules()).isEmpty();
  }

  private record Exec(int exitCode, String stdout, String stderr) {}

  private Exec exec(Pod pod, String container, String... argv) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch watch =
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .inContainer(container)
            .writingOutput(out)
            .writingError(err)
            .exec(argv)) {
      int code = watch.exitCode().get(30, TimeUnit.SECONDS);
      return new Exec(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  private void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    try {
      await(what)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "not within 30 s: " + what + " (node errors: " + node.errors() + ")", e);
    }
  }

  private boolean reaches(Pod pod, String... argv) {
    try {
      return exec(pod, SessionContract.SANDBOX_CONTAINER, argv).exitCode() == 0;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aPodThroughTheApiBecomesARealLockedDownContainerWithExecAndEnforcedEgress()
      throws Exception {
    TestSession session =
        TestSession.render(
            SandboxPodEnvironment.policyFor(peers), Map.of(Peers.ZONE_NAME, List.of(peers.sshIp)));
    for (HasMetadata object : session.rendered().objects()) {
      client.resource(object).create();
    }
    Pod rendered = session.rendered().pod();
    String ns = rendered.getMetadata().getNamespace();
    String name = rendered.getMetadata().getName();
    eventually(
        "pod Running with an IP",
        () -> {
          Pod p = client.pods().inNamespace(ns).withName(name).get();
          return p.getStatus() != null
              && "Running".equals(p.getStatus().getPhase())
              && p.getStatus().getPodIP() != null;
        });
    Pod pod = client.pods().inNamespace(ns).withName(name).get();
    String container =
        node.container(ns + "/" + name, SessionContract.SANDBOX_CONTAINER).orElseThrow();
    assertThat(pod.getStatus().getPodIP())
        .isEqualTo(
            Docker.ipOf(
                container,
                resources == null
                    ? ""
                    : Docker.checked(
                            "inspect",
                            "-f",
                            "{{ range $k, $v := .NetworkSettings.Networks }}{{ $k }}{{ end }}",
                            container)
                        .strip()));

    Exec id = exec(pod, SessionContract.SANDBOX_CONTAINER, "id", "-u");
    assertThat(id.exitCode()).as(id.toString()).isZero();
    assertThat(id.stdout().strip())
        .as("exec runs as the Pod's user")
        .isEqualTo(rendered.getSpec().getSecurityContext().getRunAsUser().toString());
    Exec touch = exec(pod, SessionContract.SANDBOX_CONTAINER, "touch", "/etc/x");
    assertThat(touch.exitCode()).isNotZero();
    assertThat(touch.stderr()).contains("Read-only file system");
    Exec capture = exec(pod, SessionContract.CAPTURE_CONTAINER, "id", "-u");
    assertThat(capture.stdout().strip())
        .as("exec reaches the capture container too")
        .isEqualTo("0");

    try (SideBySide dropped = new SideBySide()) {
      Future<Boolean> ncToB =
          dropped.start(
              () -> reaches(pod, "nc", "-z", "-w", "2", "--", peerB, Integer.toString(B_PORT)));
      Future<Boolean> pingB =
          dropped.start(() -> reaches(pod, "ping", "-n", "-c", "1", "-W", "2", "--", peerB));
      assertThat(reaches(pod, "ping", "-n", "-c", "1", "-W", "2", "--", peers.sshIp))
          .as("A is allowed")
          .isTrue();
      assertThat(reaches(pod, "nc", "-z", "-w", "2", "--", peers.sshIp, "22")).isTrue();
      assertThat(ncToB.get()).as("B is outside the policy\n" + EgressFirewall.dump()).isFalse();
      assertThat(pingB.get()).isFalse();
    }

    // The policy changes in Git: the operator re-renders; the node follows the NetworkPolicy.
    String edited =
        SandboxPodEnvironment.policyFor(peers)
            .replace("allowedHosts: [", "allowedHosts: [\"" + peerB + "\", ");
    TestSession next = TestSession.render(edited, Map.of(Peers.ZONE_NAME, List.of(peers.sshIp)));
    client.resource(next.rendered().networkPolicy()).update();
    eventually(
        "B reachable after the policy edit",
        () -> reaches(pod, "nc", "-z", "-w", "1", "--", peerB, Integer.toString(B_PORT)));
    assertThat(reaches(pod, "ping", "-n", "-c", "1", "-W", "2", "--", peers.sshIp))
        .as("A still allowed")
        .isTrue();

    client.pods().inNamespace(ns).withName(name).delete();
    eventually("containers removed with the pod", () -> !Docker.docker("inspect", container).ok());
    assertThat(node.errors()).isEmpty();
  }
}
