package io.itmcp.operator.config;

/**
 * Operator-wide bounds of the warm pools.
 *
 * @param maxPods the most pool pods (idle, claimable) the operator keeps across all policies, so
 *     one policy's {@code warmPool.size} cannot fill the cluster; 0 turns every pool off
 */
public record WarmPoolSettings(int maxPods) {
  public static final int DEFAULT_MAX_PODS = 20;

  public WarmPoolSettings {
    if (maxPods < 0) {
      throw new IllegalArgumentException("--warm-pool-max-pods must be 0 or more, not " + maxPods);
    }
  }

  public static WarmPoolSettings defaults() {
    return new WarmPoolSettings(DEFAULT_MAX_PODS);
  }
}
