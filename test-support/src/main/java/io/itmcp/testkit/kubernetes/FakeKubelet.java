package io.itmcp.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only stand-in for a kubelet: every new pod on the mock API server becomes Running and Ready
 * with an IP; tests can make a pod fail or vanish. Two flavours: {@link
 * #FakeKubelet(KubernetesClient)} gives each pod its own cluster address and reports the {@code
 * sandbox} container (the operator's tests); {@link #runningLocally} reports every container and
 * loopback as the pod's address, for tests whose pods' commands run on this machine, and keeps the
 * set of running pods that pod exec may reach.
 */
public final class FakeKubelet implements AutoCloseable {
  private final KubernetesClient client;
  private final SharedIndexInformer<Pod> informer;
  private final AtomicInteger nextIp = new AtomicInteger(10);
  private final java.util.Set<String> unschedulable =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.Set<String> mountBlocked =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final boolean local;
  private final Set<String> running;

  public FakeKubelet(KubernetesClient client) {
    this(client, false, ConcurrentHashMap.newKeySet());
  }

  /**
   * The kubelet of a node that is this machine: pods get 127.0.0.1 and a running status for each of
   * their containers.
   *
   * @param running where the pods it runs are kept as "ns/name" (what pod exec may reach)
   */
  public static FakeKubelet runningLocally(KubernetesClient client, Set<String> running) {
    return new FakeKubelet(client, true, running);
  }

  private FakeKubelet(KubernetesClient client, boolean local, Set<String> running) {
    this.client = client;
    this.local = local;
    this.running = running;
    this.informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    start(pod);
                  }

                  @Override
                  public void onUpdate(Pod oldPod, Pod pod) {
                    start(pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                    running.remove(key(pod));
                  }
                });
  }

  private void start(Pod pod) {
    if (pod.getStatus() != null && pod.getStatus().getPhase() != null) {
      if ("Running".equals(pod.getStatus().getPhase())
          && pod.getMetadata().getDeletionTimestamp() == null) {
        running.add(key(pod));
      } else {
        running.remove(key(pod));
      }
      return;
    }
    if (local) {
      startLocally(pod);
      return;
    }
    if (unschedulable.contains(pod.getMetadata().getName())) {
      setStatus(
          pod,
          new PodStatusBuilder()
              .withPhase("Pending")
              .addToConditions(
                  new PodConditionBuilder()
                      .withType("PodScheduled")
                      .withStatus("False")
                      .withReason("Unschedulable")
                      .withMessage("0/3 nodes are available: 3 Insufficient memory.")
                      .withLastTransitionTime(Instant.now().toString())
                      .build())
              .build());
      return;
    }
    if (mountBlocked.contains(pod.getMetadata().getName())) {
      // What the kubelet shows while a volume cannot be mounted: scheduled, containers waiting, no
      // message.
      setStatus(
          pod,
          new PodStatusBuilder()
              .withPhase("Pending")
              .addToConditions(
                  new PodConditionBuilder()
                      .withType("PodScheduled")
                      .withStatus("True")
                      .withLastTransitionTime(Instant.now().toString())
                      .build())
              .addToContainerStatuses(
                  new ContainerStatusBuilder()
                      .withName("sandbox")
                      .withReady(false)
                      .withNewState()
                      .withNewWaiting()
                      .withReason("ContainerCreating")
                      .endWaiting()
                      .endState()
                      .build())
              .build());
      return;
    }
    String now = Instant.now().toString();
    PodStatus running =
        new PodStatusBuilder()
            .withPhase("Running")
            .withPodIP("10.244.0." + nextIp.getAndIncrement())
            .withStartTime(now)
            .addToConditions(
                new PodConditionBuilder()
                    .withType("Ready")
                    .withStatus("True")
                    .withLastTransitionTime(now)
                    .build())
            .addToContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("sandbox")
                    .withReady(true)
                    .withNewState()
                    .withNewRunning()
                    .withStartedAt(now)
                    .endRunning()
                    .endState()
                    .build())
            .build();
    setStatus(pod, running);
  }

  private void startLocally(Pod pod) {
    String now = Instant.now().toString();
    List<ContainerStatus> containers =
        pod.getSpec().getContainers().stream()
            .map(
                c ->
                    new ContainerStatusBuilder()
                        .withName(c.getName())
                        .withReady(true)
                        .withImage(c.getImage())
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt(now)
                        .endRunning()
                        .endState()
                        .build())
            .toList();
    pod.setStatus(
        new PodStatusBuilder()
            .withPhase("Running")
            .withPodIP("127.0.0.1")
            .withStartTime(now)
            .addToConditions(
                new PodConditionBuilder()
                    .withType("Ready")
                    .withStatus("True")
                    .withLastTransitionTime(now)
                    .build())
            .withContainerStatuses(containers)
            .build());
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
    } catch (RuntimeException e) {
      // deleted meanwhile, or a newer version: the informer sees the next one
    }
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** The pod's container ends: the pod is Failed with the given reason. */
  public void fail(String namespace, String name, String reason, String message) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    setStatus(
        pod,
        new PodStatusBuilder(pod.getStatus())
            .withPhase("Failed")
            .withReason(reason)
            .withMessage(message)
            .withConditions(new PodConditionBuilder().withType("Ready").withStatus("False").build())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("sandbox")
                    .withReady(false)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(137)
                    .withReason("OOMKilled")
                    .endTerminated()
                    .endState()
                    .build())
            .build());
  }

  /** The scheduler finds no node for this pod (as before a cluster autoscaler adds one). */
  public void leaveUnschedulable(String podName) {
    unschedulable.add(podName);
  }

  /**
   * The pod is scheduled but a volume cannot be mounted: it stays ContainerCreating, and the reason
   * exists only as Events, which the test writes with {@link #warnAbout}.
   */
  public void leaveMountBlocked(String podName) {
    mountBlocked.add(podName);
  }

  /**
   * A Warning Event about a pod, as the kubelet writes it (a repeat raises count and
   * lastTimestamp).
   */
  public void warnAbout(String namespace, String podName, String reason, String message) {
    Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
    String now = Instant.now().toString();
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata()
                .withName(podName + "." + Long.toHexString(System.nanoTime()))
                .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("v1")
                .withKind("Pod")
                .withNamespace(namespace)
                .withName(podName)
                .withUid(pod.getMetadata().getUid())
                .endInvolvedObject()
                .withType("Warning")
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent("kubelet")
                .withHost("node-1")
                .endSource()
                .build())
        .create();
  }

  /**
   * One container of a running pod exits while the pod stays Running (the capture container lives
   * on).
   */
  public void terminateContainer(
      String namespace, String name, String container, int exitCode, String reason) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    String now = Instant.now().toString();
    setStatus(
        pod,
        new PodStatusBuilder(pod.getStatus())
            .withPhase("Running")
            .withConditions(
                new PodConditionBuilder()
                    .withType("Ready")
                    .withStatus("False")
                    .withLastTransitionTime(now)
                    .build())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(container)
                    .withReady(false)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason(reason)
                    .endTerminated()
                    .endState()
                    .build(),
                new ContainerStatusBuilder()
                    .withName("capture")
                    .withReady(true)
                    .withNewState()
                    .withNewRunning()
                    .withStartedAt(now)
                    .endRunning()
                    .endState()
                    .build())
            .build());
  }

  /** Someone deletes the pod. */
  public void delete(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  private void setStatus(Pod pod, PodStatus status) {
    pod.setStatus(status);
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
  }

  @Override
  public void close() {
    informer.close();
  }
}
