package io.itmcp.operator.config;

import java.time.Duration;

/**
 * Operator-wide bounds of the warm pools.
 *
 * @param maxPods the most pool pods (idle, claimable) the operator keeps across all policies, so
 *     one policy's {@code warmPool.size} cannot fill the cluster; 0 turns every pool off
 * @param refillDelay how long no claim must come before claimed pool pods are replaced, so that the
 *     replacements do not start while the claimed pods serve their sessions' first calls (see
 *     {@code RefillHoldoff}); zero refills at once
 */
public record WarmPoolSettings(int maxPods, Duration refillDelay) {
  public static final int DEFAULT_MAX_PODS = 20;
  public static final long DEFAULT_REFILL_DELAY_MILLIS = 1000;

  public WarmPoolSettings {
    if (maxPods < 0) {
      throw new IllegalArgumentException("--warm-pool-max-pods must be 0 or more, not " + maxPods);
    }
    if (refillDelay.isNegative()) {
      throw new IllegalArgumentException(
          "--warm-pool-refill-delay-ms must be 0 or more, not " + refillDelay.toMillis());
    }
  }

  /** At most {@code maxPods}, refilled at once after a claim. */
  public static WarmPoolSettings refillingAtOnce(int maxPods) {
    return new WarmPoolSettings(maxPods, Duration.ZERO);
  }

  public static WarmPoolSettings defaults() {
    return new WarmPoolSettings(DEFAULT_MAX_PODS, Duration.ofMillis(DEFAULT_REFILL_DELAY_MILLIS));
  }
}
