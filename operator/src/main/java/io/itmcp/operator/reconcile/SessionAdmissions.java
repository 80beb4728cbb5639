package io.itmcp.operator.reconcile;

import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.policy.Limits;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The ledger of admitted sessions. Decisions ({@link SessionQuota}) are serialised, and a session
 * admitted here counts at once, before its pod or status shows in any cache, so two sessions
 * reconciled together cannot both take the last place. After a restart the ledger is empty and live
 * sessions are recognised by their pod or status.podName.
 */
public final class SessionAdmissions {
  private final Set<String> admitted = new HashSet<>();

  /** Empty when admitted (and from then on counted); otherwise the refusal. */
  public synchronized Optional<SessionQuota.Refusal> admit(
      ItmcpSession session,
      String policyName,
      Collection<ItmcpSession> ofPolicy,
      Limits limits,
      Predicate<ItmcpSession> hasPod) {
    String key = SessionQuota.key(session);
    if (admitted.contains(key)) {
      return Optional.empty();
    }
    Optional<SessionQuota.Refusal> refusal =
        SessionQuota.check(
            session,
            policyName,
            ofPolicy,
            limits,
            other -> admitted.contains(SessionQuota.key(other)) || hasPod.test(other));
    if (refusal.isEmpty()) {
      admitted.add(key);
    }
    return refusal;
  }

  public synchronized void release(ItmcpSession session) {
    admitted.remove(SessionQuota.key(session));
  }
}
