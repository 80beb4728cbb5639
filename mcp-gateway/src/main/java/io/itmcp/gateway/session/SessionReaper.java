package io.itmcp.gateway.session;

import io.itmcp.policy.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Which sessions have expired, by the limits of their policy as last read: older than {@code
 * sandbox.ttlSeconds} (even with a call running), or idle longer than {@code
 * sandbox.idleTimeoutSeconds} with no call running. It reads the time from the clock it is given,
 * so expiry is tested without waiting.
 */
final class SessionReaper {

  /** A session to end, and why (for the log). */
  record Expiry(GatewaySession session, String why) {}

  private final LongSupplier nanoClock;

  SessionReaper(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  List<Expiry> expired(Collection<GatewaySession> sessions) {
    long now = nanoClock.getAsLong();
    List<Expiry> expired = new ArrayList<>();
    for (GatewaySession s : sessions) {
      Limits l = s.lastPolicy().limits();
      if (positive(l.ttl()) && now - s.createdNanos() >= l.ttl().toNanos()) {
        expired.add(new Expiry(s, "TTL of " + l.ttl().toSeconds() + "s reached"));
      } else if (positive(l.idleTimeout())
          && !s.busy()
          && now - s.lastActivityNanos() >= l.idleTimeout().toNanos()) {
        expired.add(new Expiry(s, "idle for " + l.idleTimeout().toSeconds() + "s"));
      }
    }
    return expired;
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isZero() && !d.isNegative();
  }
}
