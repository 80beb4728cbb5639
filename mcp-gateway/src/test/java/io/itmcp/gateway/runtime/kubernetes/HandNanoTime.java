package io.itmcp.gateway.runtime.kubernetes;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@code System::nanoTime} stand-in that the test moves by hand, and that counts how often the
 * code under test has read it. A deadline loop reads it once per turn, so {@code n + 1} more reads
 * after the test changed the world mean {@code n} whole turns have looked at the changed world.
 */
final class HandNanoTime implements LongSupplier {

  private final AtomicLong now = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();

  @Override
  public long getAsLong() {
    reads.incrementAndGet();
    return now.get();
  }

  /**
   * Waits until the reader has finished {@code turns} whole turns begun after this call: what the
   * test set up before this call is what the reader has seen.
   */
  void awaitTurns(int turns) {
    long seen = reads.get();
    await().atMost(Duration.ofSeconds(20)).until(() -> reads.get() >= seen + turns + 1);
  }

  void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }
}
