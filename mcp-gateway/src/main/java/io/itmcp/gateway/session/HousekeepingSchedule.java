package io.itmcp.gateway.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the registry's housekeeping (expiry, idle sandboxes, idle rate limiters) on a daemon thread.
 */
final class HousekeepingSchedule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HousekeepingSchedule.class);

  private final ScheduledExecutorService scheduler;
  private final Duration every;

  HousekeepingSchedule(Runnable housekeeping, Duration every) {
    this.every = every;
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "itmcp-session-reaper");
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(100, every.toMillis());
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            housekeeping.run();
          } catch (RuntimeException e) {
            LOG.warn("session reaper failed: {}", e.toString());
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
  }

  Duration every() {
    return every;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
