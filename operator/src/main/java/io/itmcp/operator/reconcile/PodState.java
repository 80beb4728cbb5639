package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** What a sandbox pod's status means for its session. Pure. */
public record PodState(boolean ready, String podIP, Optional<String> failure) {

  public static PodState of(Pod pod) {
    var status = pod.getStatus();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return new PodState(false, null, Optional.of("pod " + pod.getMetadata().getName() + " is being deleted"));
    }
    if (status == null) {
      return new PodState(false, null, Optional.empty());
    }
    String phase = status.getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      StringBuilder why = new StringBuilder("pod ").append(pod.getMetadata().getName()).append(" ended (")
          .append(phase);
      if (status.getReason() != null) {
        why.append(": ").append(status.getReason());
      }
      if (status.getMessage() != null) {
        why.append(": ").append(status.getMessage());
      }
      why.append(')');
      terminatedContainer(pod).ifPresent(c -> why.append("; container ").append(c));
      return new PodState(false, status.getPodIP(), Optional.of(why.toString()));
    }
    boolean ready = "Running".equals(phase) && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return new PodState(ready, status.getPodIP(), Optional.empty());
  }

  private static Optional<String> terminatedContainer(Pod pod) {
    if (pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
      if (c.getState() != null && c.getState().getTerminated() != null) {
        var t = c.getState().getTerminated();
        return Optional.of(c.getName() + " exited " + t.getExitCode()
            + (t.getReason() == null ? "" : " (" + t.getReason() + ")"));
      }
    }
    return Optional.empty();
  }
}
