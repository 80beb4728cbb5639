package io.itmcp.gateway.transport;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The start-up checks a stdio gateway runs after it answered {@code initialize} (the policy file's
 * schema and CEL rules): they begin once the first answer went out (or when a line has to wait for
 * them), so that they do not compete with the answer for the CPU; until they have passed, no other
 * line reaches a server, so no tool is listed or called under a policy they have not accepted. When
 * they fail, the gateway stops reading and serving ({@link Failed}) with their reason.
 */
public final class StartGate {

  /** No checks pending: every line goes through at once. */
  public static final StartGate OPEN = new StartGate(CompletableFuture.completedFuture(null));

  private final CompletableFuture<?> checks;
  private final Runnable start;
  private final AtomicBoolean begun = new AtomicBoolean();

  /** Checks already under way. */
  public StartGate(CompletableFuture<?> checks) {
    this(checks, () -> {});
  }

  /**
   * @param checks completes when the checks passed, exceptionally with their reason when they
   *     failed
   * @param start begins them (once)
   */
  public StartGate(CompletableFuture<?> checks, Runnable start) {
    this.checks = checks;
    this.start = start;
  }

  /** Begins the checks unless they are under way: the first answer went out. */
  void begin() {
    if (begun.compareAndSet(false, true)) {
      start.run();
    }
  }

  /**
   * Begins the checks if need be and waits for them; throws {@link Failed} with their reason when
   * they failed.
   */
  public void awaitPassed() {
    begin();
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
