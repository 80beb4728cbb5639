package io.itmcp.gateway.audit.kubernetes;

import java.time.Clock;
import java.time.Duration;

/** A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}; not thread-safe. */
final class TokenBucket {

  private final double capacity;
  private final double perNano;
  private final Clock clock;
  private double tokens;
  private long lastNanos;

  TokenBucket(int burst, double perSecond, Clock clock) {
    this.capacity = burst;
    this.perNano = perSecond / Duration.ofSeconds(1).toNanos();
    this.clock = clock;
    this.tokens = burst;
    this.lastNanos = nanos();
  }

  boolean tryTake() {
    long now = nanos();
    tokens = Math.min(capacity, tokens + (now - lastNanos) * perNano);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private long nanos() {
    java.time.Instant instant = clock.instant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
