package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a sandbox pod's status means for its session. Pure.
 *
 * <p>A failure is what waiting cannot fix: the pod ended, any container terminated (the sandbox
 * never restarts, and a sandbox container that died next to a running capture container leaves a
 * pod that is Running but useless), or an image reference that can never be pulled. What an
 * autoscaling cluster or a registry fixes with time (Unschedulable, ErrImagePull and its back-off,
 * a volume that cannot attach yet) is not a failure: it is reported in {@link #waitingFor} and the
 * gateway's ready timeout decides.
 */
public record PodState(
    boolean ready, String podIP, Optional<String> failure, Optional<String> waitingFor) {

  /** Waiting reasons that no retry, registry or node will change. */
  static final Set<String> PERMANENT_WAITING_REASONS =
      Set.of("InvalidImageName", "ErrImageNeverPull");

  public PodState(boolean ready, String podIP, Optional<String> failure) {
    this(ready, podIP, failure, Optional.empty());
  }

  public static PodState of(Pod pod) {
    var status = pod.getStatus();
    String name = pod.getMetadata().getName();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return new PodState(false, null, Optional.of("pod " + name + " is being deleted"));
    }
    if (status == null) {
      return new PodState(false, null, Optional.empty());
    }
    String phase = status.getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      StringBuilder why = new StringBuilder("pod ").append(name).append(" ended (").append(phase);
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
    Optional<String> terminated = terminatedContainer(pod);
    if (terminated.isPresent()) {
      return new PodState(
          false, status.getPodIP(), Optional.of("pod " + name + ": container " + terminated.get()));
    }
    List<String> waiting = new ArrayList<>();
    for (ContainerStatus c : containers(pod)) {
      var w = c.getState() == null ? null : c.getState().getWaiting();
      if (w == null || w.getReason() == null) {
        continue;
      }
      String what =
          "container "
              + c.getName()
              + " "
              + w.getReason()
              + (w.getMessage() == null ? "" : ": " + w.getMessage());
      if (PERMANENT_WAITING_REASONS.contains(w.getReason())) {
        return new PodState(false, status.getPodIP(), Optional.of("pod " + name + ": " + what));
      }
      waiting.add(what);
    }
    for (PodCondition condition :
        status.getConditions() == null ? List.<PodCondition>of() : status.getConditions()) {
      if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
        waiting.add(
            0,
            "not scheduled: "
                + condition.getReason()
                + (condition.getMessage() == null ? "" : ": " + condition.getMessage()));
      }
    }
    boolean ready =
        "Running".equals(phase)
            && status.getConditions() != null
            && status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return new PodState(
        ready,
        status.getPodIP(),
        Optional.empty(),
        ready || waiting.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", waiting)));
  }

  private static List<ContainerStatus> containers(Pod pod) {
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus().getInitContainerStatuses() != null) {
      all.addAll(pod.getStatus().getInitContainerStatuses());
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      all.addAll(pod.getStatus().getContainerStatuses());
    }
    return all;
  }

  /**
   * A terminated app container; init containers (an injected istio-init, say) terminate by design.
   */
  private static Optional<String> terminatedContainer(Pod pod) {
    List<ContainerStatus> app =
        pod.getStatus().getContainerStatuses() == null
            ? List.of()
            : pod.getStatus().getContainerStatuses();
    for (ContainerStatus c : app) {
      ContainerStateTerminated t = c.getState() == null ? null : c.getState().getTerminated();
      if (t != null) {
        return Optional.of(
            c.getName()
                + " exited "
                + t.getExitCode()
                + (t.getReason() == null ? "" : " (" + t.getReason() + ")")
                + (t.getMessage() == null ? "" : ": " + t.getMessage()));
      }
    }
    return Optional.empty();
  }
}
