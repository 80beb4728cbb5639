package io.itmcp.gateway.cli;

import java.time.Duration;

/**
 * Runs an action once a burst of triggers has settled: each trigger puts the run off to {@code
 * quiet} after it (an editor's save is a truncate, a write and maybe a rename; the file is read
 * once, after the last). The time is the {@link Scheduler}'s, so tests drive it.
 */
final class Debouncer {

  /**
   * Runs tasks after a delay; the gateway's is a scheduled executor, a test's a hand-driven clock.
   */
  interface Scheduler {
    /** Runs {@code task} after {@code delay}; the returned handle cancels it if it has not run. */
    Runnable schedule(Duration delay, Runnable task);
  }

  private final Scheduler scheduler;
  private final Duration quiet;
  private final Runnable action;
  private Runnable cancelPending = () -> {};

  Debouncer(Scheduler scheduler, Duration quiet, Runnable action) {
    this.scheduler = scheduler;
    this.quiet = quiet;
    this.action = action;
  }

  synchronized void trigger() {
    cancelPending.run();
    cancelPending = scheduler.schedule(quiet, action);
  }

  /** A scheduler on a single daemon thread. */
  static Scheduler onThread(java.util.concurrent.ScheduledExecutorService executor) {
    return (delay, task) -> {
      java.util.concurrent.ScheduledFuture<?> f =
          executor.schedule(task, delay.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }
}
