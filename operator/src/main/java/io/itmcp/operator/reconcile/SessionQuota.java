package io.itmcp.operator.reconcile;

import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.policy.Limits;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether one more session fits a policy's maxSessions and maxSessionsPerUser, counted over the
 * policy's other live sessions. Pure: {@link SessionAdmissions} serialises the decisions and
 * records who was admitted.
 */
public final class SessionQuota {

  /**
   * Why a session was not admitted: the limit it would break ({@code maxSessions} or {@code
   * maxSessionsPerUser}), in words.
   */
  public record Refusal(String limit, String message) {}

  private SessionQuota() {}

  /**
   * Empty when the session fits; otherwise the refusal.
   *
   * @param ofPolicy the policy's sessions (the session itself may be among them; it is not counted)
   * @param holdsPlace whether a session not ended holds a place: admitted, or with a pod
   */
  public static Optional<Refusal> check(
      ItmcpSession session,
      String policyName,
      Collection<ItmcpSession> ofPolicy,
      Limits limits,
      Predicate<ItmcpSession> holdsPlace) {
    String key = key(session);
    String user = userOf(session);
    long live = 0;
    long liveOfUser = 0;
    for (ItmcpSession other : ofPolicy) {
      if (key(other).equals(key) || !isLive(other, holdsPlace)) {
        continue;
      }
      live++;
      if (Objects.equals(userOf(other), user)) {
        liveOfUser++;
      }
    }
    if (live >= limits.maxSessions()) {
      return Optional.of(
          new Refusal(
              "maxSessions",
              "policy "
                  + policyName
                  + " allows "
                  + limits.maxSessions()
                  + " live sessions (limits.maxSessions) and "
                  + live
                  + " are live; end a session or raise the limit"));
    }
    if (liveOfUser >= limits.maxSessionsPerUser()) {
      return Optional.of(
          new Refusal(
              "maxSessionsPerUser",
              "policy "
                  + policyName
                  + " allows "
                  + limits.maxSessionsPerUser()
                  + " live sessions per user (limits.maxSessionsPerUser) and user "
                  + user
                  + " has "
                  + liveOfUser
                  + "; end one of them or raise the limit"));
    }
    return Optional.empty();
  }

  private static boolean isLive(ItmcpSession other, Predicate<ItmcpSession> holdsPlace) {
    if (other.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    SessionPhase phase = other.getStatus() == null ? null : other.getStatus().getPhase();
    if (phase == SessionPhase.Failed
        || phase == SessionPhase.Expired
        || phase == SessionPhase.Terminating) {
      return false;
    }
    return (other.getStatus() != null && other.getStatus().getPodName() != null)
        || holdsPlace.test(other);
  }

  private static String userOf(ItmcpSession session) {
    return session.getSpec() == null || session.getSpec().getUser() == null
        ? null
        : session.getSpec().getUser().getName();
  }

  static String key(ItmcpSession session) {
    return session.getMetadata().getNamespace() + "/" + session.getMetadata().getName();
  }
}
