package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.EgressStatus;
import io.itmcp.api.v1alpha1.ItmcpSessionStatus;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.operator.config.EgressMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The status step of a session's reconciliation: the status to write, rendered from the
 * observation, the admit decision and what the apply step found. Pure: every method returns a new
 * status and leaves the observed one as it was.
 */
public final class SessionStatusRenderer {
  private static final int LISTED_ENTRIES = 10;

  private SessionStatusRenderer() {}

  /** The policy does not exist yet: Pending, and both conditions say so. */
  public static ItmcpSessionStatus waitingForPolicy(SessionObservation seen, String why) {
    ItmcpSessionStatus status = base(seen, Optional.empty());
    status.setPhase(SessionPhase.Pending);
    status.setMessage(why);
    status.setConditions(
        conditions(seen)
            .set(SessionContract.CONDITION_POLICY_RESOLVED, false, "PolicyNotFound", why)
            .set(SessionContract.CONDITION_READY, false, "PolicyNotFound", why)
            .build());
    return status;
  }

  /**
   * The policy does not compile: an admitted session keeps its phase (and its egress), a new one
   * stays Pending.
   */
  public static ItmcpSessionStatus policyInvalid(SessionObservation seen, String why) {
    ItmcpSessionStatus status = base(seen, Optional.empty());
    status.setMessage(why);
    status.setPhase(seen.admitted() ? seen.previous().getPhase() : SessionPhase.Pending);
    status.setConditions(
        conditions(seen)
            .set(SessionContract.CONDITION_POLICY_RESOLVED, false, "PolicyInvalid", why)
            .build());
    return status;
  }

  /** The last status of a session that ends: Expired, with the reason in the message. */
  public static ItmcpSessionStatus ended(SessionObservation seen, SessionAdmission.End end) {
    ItmcpSessionStatus status = base(seen, end.expiresAt());
    status.setPhase(SessionPhase.Expired);
    status.setMessage(end.message());
    return status;
  }

  /** A failed session: as before, with its last activity and deadline brought up to date. */
  public static ItmcpSessionStatus stillFailed(SessionObservation seen, Instant expiresAt) {
    return base(seen, Optional.of(expiresAt));
  }

  /**
   * A session that failed now.
   *
   * @param egress the egress rendered, when the session's network objects were written before the
   *     failure
   */
  public static ItmcpSessionStatus failed(
      SessionObservation seen,
      Instant expiresAt,
      Optional<EgressStatus> egress,
      String reason,
      String message) {
    ItmcpSessionStatus status = base(seen, Optional.of(expiresAt));
    egress.ifPresent(status::setEgress);
    status.setPhase(SessionPhase.Failed);
    status.setMessage(message);
    status.setConditions(
        conditions(seen).set(SessionContract.CONDITION_READY, false, reason, message).build());
    return status;
  }

  /**
   * A session whose objects are written and whose pod has not failed: Ready when the pod is ready,
   * Pending with what it waits for otherwise.
   *
   * @param podName the session's pod
   * @param pod what the pod's status means
   * @param warning the kubelet's latest warning about the pod, if it explains the wait
   */
  public static ItmcpSessionStatus running(
      SessionObservation seen,
      Instant expiresAt,
      EgressStatus egress,
      EgressMode mode,
      String podName,
      PodState pod,
      Optional<PodWarnings.Warning> warning) {
    PodState state =
        warning
            .map(
                w ->
                    new PodState(
                        false,
                        pod.podIP(),
                        Optional.empty(),
                        Optional.of(
                            pod.waitingFor().map(wait -> wait + "; ").orElse("")
                                + w.describe()
                                + " (the kubelet keeps retrying)")))
            .orElse(pod);
    ItmcpSessionStatus status = base(seen, Optional.of(expiresAt));
    status.setEgress(egress);
    status.setPodName(podName);
    status.setPodIP(state.podIP());
    String egressMessage = egressMessage(egress, mode);
    ConditionSet conditions =
        conditions(seen)
            .set(
                SessionContract.CONDITION_POLICY_RESOLVED,
                true,
                "PolicyFound",
                "policy " + seen.policyName() + " compiled")
            .set(SessionContract.CONDITION_EGRESS_READY, true, "Rendered", egressMessage)
            .set(
                SessionContract.CONDITION_POD_READY,
                state.ready(),
                state.ready()
                    ? "PodReady"
                    : warning.map(PodWarnings.Warning::reason).orElse("PodStarting"),
                state.ready()
                    ? "pod " + podName + " is ready"
                    : "waiting for the pod to be ready"
                        + state.waitingFor().map(w -> ": " + w).orElse(""));
    conditions.set(
        SessionContract.CONDITION_READY,
        state.ready(),
        state.ready() ? "Ready" : "Starting",
        state.ready() ? "the sandbox accepts tool calls" : "the sandbox is starting");
    status.setConditions(conditions.build());
    status.setPhase(state.ready() ? SessionPhase.Ready : SessionPhase.Pending);
    status.setMessage(
        state.ready()
            ? "ready until " + expiresAt + "; " + egressMessage
            : "starting"
                + state.waitingFor().map(w -> " (" + w + ")").orElse("")
                + "; "
                + egressMessage);
    status.setObservedGeneration(seen.generation());
    return status;
  }

  /** Whether the phase or the message changed, which is worth an Event. */
  public static boolean isTransition(ItmcpSessionStatus previous, ItmcpSessionStatus status) {
    return previous.getPhase() != status.getPhase()
        || !Objects.equals(previous.getMessage(), status.getMessage());
  }

  /** Whether the session has just become ready. */
  public static boolean becameReady(ItmcpSessionStatus previous, ItmcpSessionStatus status) {
    return status.getPhase() == SessionPhase.Ready && previous.getPhase() != SessionPhase.Ready;
  }

  /** The first entries of a list for a human message, and how many more there are. */
  static String firstEntries(List<String> entries) {
    String head = String.join(", ", entries.subList(0, Math.min(entries.size(), LISTED_ENTRIES)));
    return entries.size() <= LISTED_ENTRIES
        ? head
        : head + " and " + (entries.size() - LISTED_ENTRIES) + " more";
  }

  private static String egressMessage(EgressStatus egress, EgressMode mode) {
    return egress.getNotGranted() == null || egress.getNotGranted().isEmpty()
        ? "egress rendered (" + mode.wireName() + ")"
        : egress.getNotGranted().size()
            + " entries grant nothing at the network layer: "
            + firstEntries(egress.getNotGranted().stream().map(r -> r.getEntry()).toList())
            + " (status.egress.notGranted says why)";
  }

  /**
   * The observed status with what every step reports: the last activity (an annotation from the
   * future counts as now) and, once the policy gave it, the expiry.
   */
  private static ItmcpSessionStatus base(SessionObservation seen, Optional<Instant> expiresAt) {
    ItmcpSessionStatus status = Serialization.clone(seen.previous());
    seen.lastActivity()
        .ifPresent(
            a -> status.setLastActivityTime((a.isAfter(seen.now()) ? seen.now() : a).toString()));
    expiresAt.ifPresent(e -> status.setExpiresAt(e.toString()));
    return status;
  }

  private static ConditionSet conditions(SessionObservation seen) {
    return new ConditionSet(seen.previous().getConditions(), seen.now(), seen.generation());
  }
}
