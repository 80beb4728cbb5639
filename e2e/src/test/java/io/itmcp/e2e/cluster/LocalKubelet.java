package io.itmcp.e2e.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A kubelet stand-in for the mock API server (after the operator tests' FakeKubelet): every new
 * pod becomes Running and Ready with all its containers; its commands run on this machine (see
 * {@link ClusterApi}), so its address is loopback.
 */
final class LocalKubelet implements AutoCloseable {
  private final KubernetesClient client;
  private final SharedIndexInformer<Pod> informer;
  private final Set<String> running;

  /** @param running where the pods it runs are kept as "ns/name" (what pod exec may reach) */
  LocalKubelet(KubernetesClient client, Set<String> running) {
    this.client = client;
    this.running = running;
    this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
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
      if ("Running".equals(pod.getStatus().getPhase()) && pod.getMetadata().getDeletionTimestamp() == null) {
        running.add(key(pod));
      } else {
        running.remove(key(pod));
      }
      return;
    }
    String now = Instant.now().toString();
    List<ContainerStatus> containers = pod.getSpec().getContainers().stream()
        .map(c -> new ContainerStatusBuilder().withName(c.getName()).withReady(true).withImage(c.getImage())
            .withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build())
        .toList();
    pod.setStatus(new PodStatusBuilder()
        .withPhase("Running")
        .withPodIP("127.0.0.1")
        .withStartTime(now)
        .addToConditions(new PodConditionBuilder().withType("Ready").withStatus("True").withLastTransitionTime(now).build())
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

  @Override
  public void close() {
    informer.close();
  }
}
