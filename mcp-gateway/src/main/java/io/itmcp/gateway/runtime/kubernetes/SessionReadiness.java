package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionStatus;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.gateway.runtime.StartFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an ItmcpSession and its pod and says whether the sandbox is ready, still coming, or has
 * failed in a way waiting will not fix; pure.
 */
public final class SessionReadiness {

  /** Image problems no wait will fix: a malformed reference, or a pull the policy forbids. */
  private static final Set<String> PERMANENT_IMAGE_REASONS =
      Set.of("InvalidImageName", "ErrImageNeverPull");

  /**
   * Image problems a registry coming back, a mirror or a node with the image cached may fix: the
   * kubelet keeps retrying, so the session waits until the ready timeout and then names the cause.
   */
  private static final Set<String> TRANSIENT_IMAGE_REASONS =
      Set.of("ErrImagePull", "ImagePullBackOff", "RegistryUnavailable");

  private static final Set<String> FATAL_WAITING_REASONS =
      Set.of(
          "CreateContainerConfigError",
          "CreateContainerError",
          "CrashLoopBackOff",
          "RunContainerError");

  /**
   * The outcome of one look. {@code detail} is what the cluster said, for the error or the timeout;
   * a pending verdict may carry the failure it turns into if the ready timeout passes first.
   */
  public record Verdict(State state, StartFailure failure, String detail, String podName) {
    public enum State {
      READY,
      PENDING,
      FAILED
    }

    static Verdict ready(String podName) {
      return new Verdict(State.READY, null, "", podName);
    }

    static Verdict pending(String detail) {
      return new Verdict(State.PENDING, null, detail, null);
    }

    static Verdict pendingUnless(StartFailure ifTimedOut, String detail) {
      return new Verdict(State.PENDING, ifTimedOut, detail, null);
    }

    static Verdict failed(StartFailure failure, String detail) {
      return new Verdict(State.FAILED, failure, detail, null);
    }
  }

  private SessionReadiness() {}

  public static Verdict evaluate(ItmcpSession session, Pod pod) {
    if (session == null) {
      return Verdict.failed(StartFailure.DELETED, "the ItmcpSession no longer exists");
    }
    if (session.getMetadata().getDeletionTimestamp() != null) {
      return Verdict.failed(StartFailure.DELETED, "the ItmcpSession is being deleted");
    }
    ItmcpSessionStatus status = session.getStatus();
    SessionPhase phase = status == null ? null : status.getPhase();
    if (phase == SessionPhase.Ready
        && status.getPodName() != null
        && !status.getPodName().isBlank()) {
      return Verdict.ready(status.getPodName());
    }
    if (phase == SessionPhase.Failed
        || phase == SessionPhase.Expired
        || phase == SessionPhase.Terminating) {
      String detail = statusText(status);
      if (mentionsQuota(status)) {
        return Verdict.failed(StartFailure.QUOTA_EXCEEDED, detail);
      }
      if (phase == SessionPhase.Terminating) {
        return Verdict.failed(
            StartFailure.DELETED,
            "the session is terminating" + (detail.isEmpty() ? "" : ": " + detail));
      }
      return Verdict.failed(
          StartFailure.FAILED, "phase " + phase + (detail.isEmpty() ? "" : ": " + detail));
    }
    Verdict fromPod = fromPod(pod);
    if (fromPod != null) {
      return fromPod;
    }
    String detail = statusText(status);
    Optional<Condition> volume = podReadyWaitingOnVolume(status);
    if (volume.isPresent()) {
      // The kubelet retries the mount; a Secret created meanwhile fixes it. Name it if time runs
      // out.
      return Verdict.pendingUnless(
          StartFailure.VOLUME_MOUNT,
          detail.isEmpty() ? volume.get().getReason() + ": " + volume.get().getMessage() : detail);
    }
    return Verdict.pending(
        detail.isEmpty()
            ? "phase " + (phase == null ? "not yet set by the operator" : phase.name())
            : detail);
  }

  private static Verdict fromPod(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return null;
    }
    PodStatus podStatus = pod.getStatus();
    String podName = pod.getMetadata().getName();
    if ("Failed".equals(podStatus.getPhase())) {
      return Verdict.failed(
          StartFailure.FAILED,
          "pod " + podName + " failed" + join(podStatus.getReason(), podStatus.getMessage()));
    }
    List<ContainerStatus> containers = new ArrayList<>();
    if (podStatus.getInitContainerStatuses() != null) {
      containers.addAll(podStatus.getInitContainerStatuses());
    }
    if (podStatus.getContainerStatuses() != null) {
      containers.addAll(podStatus.getContainerStatuses());
    }
    for (ContainerStatus container : containers) {
      ContainerStateWaiting waiting =
          container.getState() == null ? null : container.getState().getWaiting();
      if (waiting == null || waiting.getReason() == null) {
        continue;
      }
      String where =
          "pod "
              + podName
              + ", container "
              + container.getName()
              + join(waiting.getReason(), waiting.getMessage());
      String image = container.getImage() == null ? "" : " (image " + container.getImage() + ")";
      if (PERMANENT_IMAGE_REASONS.contains(waiting.getReason())) {
        return Verdict.failed(StartFailure.IMAGE_PULL, where + image);
      }
      if (TRANSIENT_IMAGE_REASONS.contains(waiting.getReason())) {
        return Verdict.pendingUnless(
            StartFailure.IMAGE_PULL, where + image + "; the kubelet keeps retrying");
      }
      if (FATAL_WAITING_REASONS.contains(waiting.getReason())) {
        return Verdict.failed(StartFailure.FAILED, where);
      }
    }
    if (podStatus.getConditions() != null) {
      for (PodCondition condition : podStatus.getConditions()) {
        if ("PodScheduled".equals(condition.getType())
            && "False".equals(condition.getStatus())
            && "Unschedulable".equals(condition.getReason())) {
          // A cluster autoscaler may be adding a node right now; failing (and deleting) would
          // cancel that.
          return Verdict.pendingUnless(
              StartFailure.UNSCHEDULABLE,
              "pod "
                  + podName
                  + join(condition.getReason(), condition.getMessage())
                  + "; waiting for a node (a cluster autoscaler may add one)");
        }
      }
    }
    return null;
  }

  /**
   * A False PodReady condition whose reason is a volume the kubelet cannot mount (copied by the
   * operator from its Events).
   */
  private static Optional<Condition> podReadyWaitingOnVolume(ItmcpSessionStatus status) {
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream()
        .filter(
            c ->
                SessionContract.CONDITION_POD_READY.equals(c.getType())
                    && "False".equals(c.getStatus()))
        .filter(c -> SessionContract.VOLUME_WAITING_REASONS.contains(c.getReason()))
        .findFirst();
  }

  private static boolean mentionsQuota(ItmcpSessionStatus status) {
    if (status.getConditions() != null) {
      for (Condition condition : status.getConditions()) {
        if (SessionContract.REASON_QUOTA_EXCEEDED.equals(condition.getReason())) {
          return true;
        }
      }
    }
    return status.getMessage() != null
        && status.getMessage().contains(SessionContract.REASON_QUOTA_EXCEEDED);
  }

  /** The status message, else the message of the first condition that is not True. */
  private static String statusText(ItmcpSessionStatus status) {
    if (status == null) {
      return "";
    }
    if (status.getMessage() != null && !status.getMessage().isBlank()) {
      return status.getMessage();
    }
    if (status.getConditions() != null) {
      for (Condition condition : status.getConditions()) {
        if (!"True".equals(condition.getStatus())
            && condition.getMessage() != null
            && !condition.getMessage().isBlank()) {
          return condition.getType() + ": " + condition.getMessage();
        }
      }
    }
    return "";
  }

  private static String join(String reason, String message) {
    StringBuilder out = new StringBuilder();
    if (reason != null && !reason.isBlank()) {
      out.append(": ").append(reason);
    }
    if (message != null && !message.isBlank()) {
      out.append(out.length() == 0 ? ": " : " - ").append(message);
    }
    return out.toString();
  }
}
