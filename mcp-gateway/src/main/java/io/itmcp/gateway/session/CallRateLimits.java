package io.itmcp.gateway.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code limits.callsPerMinute}, counted per user and policy: every MCP session and stateless
 * request of a user under a policy draws on one budget, so opening a new session does not reset it.
 * Counted by this gateway replica (replicas share no state); behind N replicas without affinity a
 * user may reach at most N times the budget.
 */
public final class CallRateLimits {

  private record Key(String user, String policyName) {}

  private final Map<Key, CallRateLimiter> limiters = new ConcurrentHashMap<>();

  /**
   * Counts a call of the user under the policy.
   *
   * @return 0 when the call may go ahead, else the milliseconds until one will be allowed
   */
  public long tryAcquire(String user, String policyName, int callsPerMinute, long nowNanos) {
    return limiters
        .computeIfAbsent(new Key(user, policyName), k -> new CallRateLimiter(callsPerMinute))
        .tryAcquire(nowNanos, callsPerMinute);
  }

  /** Forgets users whose last call is more than a minute old. */
  public void evictIdle(long nowNanos) {
    limiters.entrySet().removeIf(e -> e.getValue().idle(nowNanos));
  }

  int tracked() {
    return limiters.size();
  }
}
