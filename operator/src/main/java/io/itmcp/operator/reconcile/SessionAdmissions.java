package io.itmcp.operator.reconcile;

import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.policy.Limits;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides whether a new session fits the policy's maxSessions and maxSessionsPerUser. Decisions
 * are serialised, and a session admitted here counts at once, before its pod or status shows in
 * any cache, so two sessions reconciled together cannot both take the last place. After a
 * restart the ledger is empty and live sessions are recognised by their pod or status.podName.
 */
public final class SessionAdmissions {
  private final Set<String> admitted = new HashSet<>();

  /** Why a session was not admitted: the limit it would break ({@code maxSessions} or {@code maxSessionsPerUser}), in words. */
  public record Refusal(String limit, String message) {
  }

  /** Empty when admitted; otherwise the refusal. */
  public synchronized Optional<Refusal> admit(ItmcpSession session, String policyName, Collection<ItmcpSession> ofPolicy,
      Limits limits, Predicate<ItmcpSession> hasPod) {
    String key = key(session);
    if (admitted.contains(key)) {
      return Optional.empty();
    }
    String user = userOf(session);
    long live = 0;
    long liveOfUser = 0;
    for (ItmcpSession other : ofPolicy) {
      if (key(other).equals(key) || !isLive(other, hasPod)) {
        continue;
      }
      live++;
      if (Objects.equals(userOf(other), user)) {
        liveOfUser++;
      }
    }
    if (live >= limits.maxSessions()) {
      return Optional.of(new Refusal("maxSessions", "policy " + policyName + " allows " + limits.maxSessions()
          + " live sessions (limits.maxSessions) and " + live + " are live; end a session or raise the limit"));
    }
    if (liveOfUser >= limits.maxSessionsPerUser()) {
      return Optional.of(new Refusal("maxSessionsPerUser", "policy " + policyName + " allows "
          + limits.maxSessionsPerUser() + " live sessions per user (limits.maxSessionsPerUser) and user " + user
          + " has " + liveOfUser + "; end one of them or raise the limit"));
    }
    admitted.add(key);
    return Optional.empty();
  }

  public synchronized void release(ItmcpSession session) {
    admitted.remove(key(session));
  }

  private boolean isLive(ItmcpSession other, Predicate<ItmcpSession> hasPod) {
    if (other.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    SessionPhase phase = other.getStatus() == null ? null : other.getStatus().getPhase();
    if (phase == SessionPhase.Failed || phase == SessionPhase.Expired || phase == SessionPhase.Terminating) {
      return false;
    }
    return admitted.contains(key(other))
        || (other.getStatus() != null && other.getStatus().getPodName() != null)
        || hasPod.test(other);
  }

  private static String userOf(ItmcpSession session) {
    return session.getSpec() == null || session.getSpec().getUser() == null ? null
        : session.getSpec().getUser().getName();
  }

  private static String key(ItmcpSession session) {
    return session.getMetadata().getNamespace() + "/" + session.getMetadata().getName();
  }
}
