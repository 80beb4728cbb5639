package io.itmcp.e2e.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, or that clock a set amount ahead (as wall time for the operator, as {@link
 * #nanoTime} for the gateway's sessions): a test brings an idle deadline the policy engine will not
 * shorten (30 s at least) within a few seconds of real time, while the API server and the kubelet
 * keep real time.
 */
final class AheadClock extends Clock {
  private volatile Duration ahead = Duration.ZERO;

  void setAhead(Duration ahead) {
    this.ahead = ahead;
  }

  /** {@link System#nanoTime} this clock's amount ahead. */
  long nanoTime() {
    return System.nanoTime() + ahead.toNanos();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(ahead);
  }
}
