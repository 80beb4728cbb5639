package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.ItmcpSessionStatus;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.operator.render.SessionTimes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one reconciliation of a session sees, read from the operator's caches before any decision is
 * made, so that every later step decides on the same picture. Nothing in it is written to.
 *
 * @param session the session as reconciled
 * @param previous its status as found (an empty status when it has none yet); never changed
 * @param policy the policy it names, if the cache holds one
 * @param pod the session's pod in the cache (its own or a claimed pool pod)
 * @param networkPolicy the session's NetworkPolicy in the cache
 * @param lastActivity the gateway's last-activity annotation, if set and readable
 * @param policySessions the sessions of the same policy (for the quota); empty once the session is
 *     admitted
 * @param policySessionsWithPod the names of those that have a pod in the cache
 * @param now the reconciliation's instant
 */
public record SessionObservation(
    ItmcpSession session,
    ItmcpSessionStatus previous,
    Optional<ItmcpPolicy> policy,
    Optional<Pod> pod,
    Optional<NetworkPolicy> networkPolicy,
    Optional<Instant> lastActivity,
    List<ItmcpSession> policySessions,
    Set<String> policySessionsWithPod,
    Instant now) {

  public SessionObservation {
    previous = previous == null ? new ItmcpSessionStatus() : Serialization.clone(previous);
    policySessions = List.copyOf(policySessions);
    policySessionsWithPod = Set.copyOf(policySessionsWithPod);
  }

  /** The last-activity annotation of a session, if set and readable. */
  public static Optional<Instant> lastActivityOf(ItmcpSession session) {
    Map<String, String> annotations = session.getMetadata().getAnnotations();
    return SessionTimes.parse(
        annotations == null ? null : annotations.get(SessionContract.LAST_ACTIVITY_ANNOTATION));
  }

  /** A session counts as admitted once it has a pod, or had one recorded. */
  public boolean admitted() {
    return admitted(previous, pod);
  }

  static boolean admitted(ItmcpSessionStatus status, Optional<Pod> pod) {
    return (status != null && status.getPodName() != null) || pod.isPresent();
  }

  /** The name of the policy the session refers to; empty text when it names none. */
  public String policyName() {
    return policyNameOf(session);
  }

  public String namespace() {
    return session.getMetadata().getNamespace();
  }

  public Long generation() {
    return session.getMetadata().getGeneration();
  }

  /** Whether another session of the policy has a pod in the cache. */
  public boolean hasPod(ItmcpSession other) {
    return policySessionsWithPod.contains(other.getMetadata().getName());
  }

  static String policyNameOf(ItmcpSession session) {
    return session.getSpec() == null || session.getSpec().getPolicyRef() == null
        ? ""
        : Objects.toString(session.getSpec().getPolicyRef().getName(), "");
  }
}
