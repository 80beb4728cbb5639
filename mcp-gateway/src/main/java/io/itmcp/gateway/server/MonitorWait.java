package io.itmcp.gateway.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting on an object's monitor until a condition holds or a time limit passes, for the counters
 * the end of stdin waits on ({@link InFlightCalls}, the transport's pending requests): each
 * notifies its monitor whenever the condition may have changed.
 */
public final class MonitorWait {

  private MonitorWait() {}

  /**
   * Waits on {@code monitor}, which the caller holds, until {@code done} holds, at most {@code
   * limit}; whether it holds.
   */
  public static boolean until(Object monitor, BooleanSupplier done, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      monitor.wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
