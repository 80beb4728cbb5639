package io.itmcp.gateway.transport;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The start-up checks a stdio gateway may finish after it answered {@code initialize} (the policy
 * file's schema and CEL rules): until they have passed, no other line reaches a server, so no tool
 * is listed or called under a policy they have not accepted. When they fail, the gateway stops
 * reading and serving ({@link Failed}) with their reason.
 */
public final class StartGate {

  /** No checks pending: every line goes through at once. */
  public static final StartGate OPEN = new StartGate(CompletableFuture.completedFuture(null));

  private final CompletableFuture<?> checks;

  /**
   * @param checks completes when the checks passed, exceptionally with their reason when they
   *     failed
   */
  public StartGate(CompletableFuture<?> checks) {
    this.checks = checks;
  }

  /** Waits for the checks; throws {@link Failed} with their reason when they failed. */
  public void awaitPassed() {
    try {
      checks.join();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new Failed(cause.getMessage(), cause);
    }
  }

  /** The start-up checks failed: the gateway must end, saying why. */
  public static final class Failed extends RuntimeException {
    Failed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
