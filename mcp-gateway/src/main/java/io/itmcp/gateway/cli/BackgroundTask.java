package io.itmcp.gateway.cli;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work of the start on a daemon thread of its own, beside the main thread, whose outcome the main
 * thread waits for later ({@link #result()}): the bubblewrap probe, a stdio policy's rules.
 *
 * @param result completes with what the work gave, or exceptionally with what it threw
 * @param thread runs the work once started (by the caller, when the work should begin)
 */
record BackgroundTask<T>(CompletableFuture<T> result, Thread thread) {

  static <T> BackgroundTask<T> of(String threadName, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(work.get());
              } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
              }
            },
            threadName);
    thread.setDaemon(true);
    return new BackgroundTask<>(result, thread);
  }

  /** Starts the work now. */
  CompletableFuture<T> start() {
    thread.start();
    return result;
  }
}
