package io.itmcp.operator.reconcile;

import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.operator.render.SessionTimes;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The admit step of a session's reconciliation: from the observation alone, whether the session
 * waits for its policy, ends, stays as it is, is refused, or goes on to have its objects written.
 * Pure. The quota is decided after this step, by {@link SessionAdmissions}, only for a session that
 * goes on and was not admitted before: its ledger must see every admission as it happens.
 */
public final class SessionAdmission {
  /**
   * Half a second past a deadline, so the reconciliation it schedules finds the deadline reached.
   */
  static final Duration PAST_DEADLINE = Duration.ofMillis(500);

  private SessionAdmission() {}

  /** What to do with the session. */
  public sealed interface Decision {}

  /** The policy does not exist and the session never had a sandbox: it waits for the policy. */
  public record WaitForPolicy(String why) implements Decision {}

  /** The policy does not compile: nothing changes until it is fixed. */
  public record PolicyInvalid(String why) implements Decision {}

  /**
   * The session ends and is deleted.
   *
   * @param expiresAt the session's TTL deadline, when the policy was readable to compute it
   */
  public record End(String reason, String message, Optional<Instant> expiresAt)
      implements Decision {}

  /** The session failed before; it stays failed until its deadline ends it. */
  public record StayFailed(Instant expiresAt, Duration nextCheck) implements Decision {}

  /** The session cannot have a sandbox for a reason of its own; it fails. */
  public record Refuse(String reason, String message, Instant expiresAt, Duration nextCheck)
      implements Decision {}

  /**
   * The session goes on to have its objects written.
   *
   * @param checkQuota whether the session still has to be admitted against the policy's session
   *     limits
   */
  public record Proceed(
      ItmcpPolicy policy,
      EffectivePolicy effective,
      Instant expiresAt,
      Duration nextCheck,
      boolean checkQuota)
      implements Decision {}

  public static Decision decide(SessionObservation seen) {
    Instant now = seen.now();
    String policyName = seen.policyName();
    if (seen.policy().isEmpty()) {
      if (seen.admitted()) {
        return new End(
            "PolicyDeleted",
            "policy " + policyName + " was deleted; its sessions end",
            Optional.empty());
      }
      return new WaitForPolicy(
          "policy "
              + policyName
              + " does not exist in namespace "
              + seen.namespace()
              + "; the session waits for it");
    }
    ItmcpPolicy policy = seen.policy().get();
    EffectivePolicy effective;
    try {
      effective = PolicyRules.compile(policy);
    } catch (IllegalArgumentException e) {
      return new PolicyInvalid(
          "policy "
              + policyName
              + " is invalid: "
              + e.getMessage()
              + (seen.admitted()
                  ? "; the session keeps the egress it had"
                  : "; no sandbox is made until it is fixed"));
    }

    Instant created = SessionTimes.created(seen.session(), now);
    Duration ttl = SessionTimes.ttl(seen.session(), effective.limits());
    Instant expiresAt = created.plus(ttl);
    if (!now.isBefore(expiresAt)) {
      return new End(
          "Expired",
          "TTL of " + ttl.toSeconds() + "s reached at " + expiresAt,
          Optional.of(expiresAt));
    }
    Optional<Instant> idleDeadline =
        SessionTimes.idleDeadline(created, seen.lastActivity(), effective.limits(), now);
    if (idleDeadline.isPresent() && !now.isBefore(idleDeadline.get())) {
      return new End(
          "IdleTimeout",
          "no activity for " + effective.limits().idleTimeout().toSeconds() + "s (idle timeout)",
          Optional.of(expiresAt));
    }
    Duration nextCheck =
        Duration.between(now, idleDeadline.filter(d -> d.isBefore(expiresAt)).orElse(expiresAt))
            .plus(PAST_DEADLINE);

    if (seen.previous().getPhase() == SessionPhase.Failed) {
      return new StayFailed(expiresAt, nextCheck);
    }
    if (seen.session().getMetadata().getName().length() > SessionNaming.MAX_LABEL_VALUE) {
      return new Refuse(
          "NameTooLong",
          "session name is longer than "
              + SessionNaming.MAX_LABEL_VALUE
              + " characters, so it cannot label its pod (itmcp.io/session); use a shorter name",
          expiresAt,
          nextCheck);
    }
    return new Proceed(policy, effective, expiresAt, nextCheck, !seen.admitted());
  }
}
