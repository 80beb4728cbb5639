package io.itmcp.gateway.session;

import java.util.ArrayDeque;
import java.util.Deque;

/** At most N calls in any sliding minute. Times are nanoTime values supplied by the caller. */
public final class CallRateLimiter {

  private static final long MINUTE_NANOS = 60_000_000_000L;
  private volatile int callsPerMinute;
  private final Deque<Long> calls = new ArrayDeque<>();

  public CallRateLimiter(int callsPerMinute) {
    this.callsPerMinute = callsPerMinute;
  }

  /**
   * Counts a call against {@code limit}, the limit as the policy says now (an edit holds at once).
   */
  public synchronized long tryAcquire(long nowNanos, int limit) {
    callsPerMinute = limit;
    return tryAcquire(nowNanos);
  }

  /** Whether no call of the last minute is remembered (the limiter can be forgotten). */
  public synchronized boolean idle(long nowNanos) {
    return calls.isEmpty() || nowNanos - calls.peekLast() >= MINUTE_NANOS;
  }

  /**
   * Counts a call if the window has room.
   *
   * @return 0 when the call may go ahead, else the milliseconds until one will be allowed
   */
  public synchronized long tryAcquire(long nowNanos) {
    if (callsPerMinute <= 0) {
      return 0;
    }
    while (!calls.isEmpty() && nowNanos - calls.peekFirst() >= MINUTE_NANOS) {
      calls.pollFirst();
    }
    if (calls.size() < callsPerMinute) {
      calls.addLast(nowNanos);
      return 0;
    }
    long waitNanos = MINUTE_NANOS - (nowNanos - calls.peekFirst());
    return Math.max(1, (waitNanos + 999_999) / 1_000_000);
  }

  public int callsPerMinute() {
    return callsPerMinute;
  }
}
