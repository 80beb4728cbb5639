package io.itmcp.gateway.runtime.kubernetes;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionStatus;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the operator and kubelet would do, done by the test: waits for the gateway's ItmcpSession to
 * appear, then writes a status (and a pod) the way the operator would.
 */
final class SessionStandIn {

  static final String NAMESPACE = "itmcp-sandboxes";

  private final KubernetesClient client;

  SessionStandIn(KubernetesClient client) {
    this.client = client;
  }

  ItmcpSession awaitSession() throws InterruptedException {
    return await("the gateway creates an ItmcpSession")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> client.resources(ItmcpSession.class).inNamespace(NAMESPACE).list().getItems(),
            items -> !items.isEmpty())
        .get(0);
  }

  void setStatus(String sessionName, Consumer<ItmcpSessionStatus> edit) {
    ItmcpSession session =
        client.resources(ItmcpSession.class).inNamespace(NAMESPACE).withName(sessionName).get();
    ItmcpSessionStatus status =
        session.getStatus() == null ? new ItmcpSessionStatus() : session.getStatus();
    edit.accept(status);
    session.setStatus(status);
    client.resource(session).updateStatus();
  }

  void markReady(String sessionName, String podName) {
    createPod(sessionName, podName, readyPod(sessionName, podName));
    setStatus(
        sessionName,
        status -> {
          status.setPhase(SessionPhase.Ready);
          status.setPodName(podName);
          status.setPodIP("10.0.0.7");
        });
  }

  void createPod(String sessionName, String podName, Pod pod) {
    client.resource(pod).create();
  }

  /** An ItmcpSession as the gateway would have made it (for tests that start at a made session). */
  static ItmcpSession session(String sessionName, String user, String policy) {
    ItmcpSession session = new ItmcpSession();
    session.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(sessionName)
            .withNamespace(NAMESPACE)
            .build());
    io.itmcp.api.v1alpha1.ItmcpSessionSpec spec = new io.itmcp.api.v1alpha1.ItmcpSessionSpec();
    io.itmcp.api.v1alpha1.SessionUser sessionUser = new io.itmcp.api.v1alpha1.SessionUser();
    sessionUser.setName(user);
    spec.setUser(sessionUser);
    io.itmcp.api.v1alpha1.PolicyRef ref = new io.itmcp.api.v1alpha1.PolicyRef();
    ref.setName(policy);
    spec.setPolicyRef(ref);
    session.setSpec(spec);
    return session;
  }

  /** Every ItmcpSession in the namespace that is not being deleted. */
  List<ItmcpSession> liveSessions() {
    return client.resources(ItmcpSession.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  static Pod readyPod(String sessionName, String podName) {
    return basePod(sessionName, podName)
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  static PodBuilder basePod(String sessionName, String podName) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(podName)
        .withNamespace(NAMESPACE)
        .addToLabels(SessionContract.SESSION_LABEL, sessionName)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("sandbox")
        .withImage("ghcr.io/itmcp/sandbox:0.1.0")
        .endContainer()
        .addNewContainer()
        .withName("capture")
        .withImage("ghcr.io/itmcp/sandbox:0.1.0")
        .endContainer()
        .endSpec();
  }
}
