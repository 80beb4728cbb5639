package io.itmcp.operator.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock a settable amount ahead, for the operator: a test brings a deadline the CRD or
 * the policy engine will not shorten (30 s and more) within seconds of real time, and moves it
 * further ahead instead of waiting, while the mock API server and the fake kubelet keep real time.
 */
final class AheadClock extends Clock {
  private volatile Duration ahead;

  AheadClock(Duration ahead) {
    this.ahead = ahead;
  }

  void setAhead(Duration ahead) {
    this.ahead = ahead;
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
