package io.itmcp.e2e.docker;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks run beside each other: a dropped packet is only known by waiting out the check's own
 * timeout (2 s), so the checks expected to be dropped start together and the test waits once
 * instead of once per check. Each result is asserted as it would be had it run alone.
 */
public final class SideBySide implements AutoCloseable {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  public <T> Future<T> start(Callable<T> check) {
    return pool.submit(check);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
