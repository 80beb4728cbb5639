package io.itmcp.operator.render;

import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.policy.Limits;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** When a session ends: its TTL (never above the policy's) and its idle deadline. Pure. */
public final class SessionTimes {

  private SessionTimes() {}

  /** The session's ttlSeconds when set and positive, capped by the policy's TTL. */
  public static Duration ttl(ItmcpSession session, Limits limits) {
    Long asked = session.getSpec() == null ? null : session.getSpec().getTtlSeconds();
    if (asked == null || asked <= 0) {
      return limits.ttl();
    }
    Duration requested = Duration.ofSeconds(asked);
    return requested.compareTo(limits.ttl()) < 0 ? requested : limits.ttl();
  }

  /** Creation time, or {@code fallback} for a session not yet stored (the render command). */
  public static Instant created(ItmcpSession session, Instant fallback) {
    return parse(session.getMetadata().getCreationTimestamp()).orElse(fallback);
  }

  public static Instant expiresAt(ItmcpSession session, Limits limits, Instant fallbackCreation) {
    return created(session, fallbackCreation).plus(ttl(session, limits));
  }

  /** Whole seconds left until expiry, at least 1: the Pod's activeDeadlineSeconds. */
  public static long secondsLeft(Instant expiresAt, Instant now) {
    long millis = Duration.between(now, expiresAt).toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }

  /**
   * The idle deadline, counted from the last reported activity (never later than now, so a
   * timestamp in the future cannot postpone it) or from creation; empty when idle expiry is off.
   */
  public static Optional<Instant> idleDeadline(
      Instant created, Optional<Instant> lastActivity, Limits limits, Instant now) {
    Duration idle = limits.idleTimeout();
    if (idle == null || idle.isZero() || idle.isNegative()) {
      return Optional.empty();
    }
    Instant last =
        lastActivity
            .map(a -> a.isAfter(now) ? now : a)
            .filter(a -> a.isAfter(created))
            .orElse(created);
    return Optional.of(last.plus(idle));
  }

  public static Optional<Instant> parse(String rfc3339) {
    if (rfc3339 == null || rfc3339.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(rfc3339));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(java.time.OffsetDateTime.parse(rfc3339).toInstant());
      } catch (DateTimeParseException again) {
        return Optional.empty();
      }
    }
  }
}
