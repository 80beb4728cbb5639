package io.itmcp.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock a settable amount ahead (as wall time for the operator, as {@link #nanoTime} for
 * the gateway's sessions): a test brings a deadline the CRD or the policy engine will not shorten
 * (30 s and more) within seconds of real time, and moves it further ahead instead of waiting, while
 * the mock API server and the kubelet stand-in keep real time.
 */
public final class AheadClock extends Clock {
  private volatile Duration ahead;

  /** The system clock itself until {@link #setAhead}. */
  public AheadClock() {
    this(Duration.ZERO);
  }

  public AheadClock(Duration ahead) {
    this.ahead = ahead;
  }

  public void setAhead(Duration ahead) {
    this.ahead = ahead;
  }

  /** {@link System#nanoTime} this clock's amount ahead. */
  public long nanoTime() {
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
