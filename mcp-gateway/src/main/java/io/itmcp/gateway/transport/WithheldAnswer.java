package io.itmcp.gateway.transport;

import io.itmcp.gateway.server.JsonRpcOutgoing;
import io.itmcp.gateway.server.RequestIds;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The legacy server's answer to an {@code initialize} the client already got ({@link
 * EarlyInitialize}): the first answer to that request's id, held back from the client once.
 */
final class WithheldAnswer implements Predicate<String> {

  private final CompletableFuture<String> withheld = new CompletableFuture<>();
  private final AtomicReference<String> matched = new AtomicReference<>();
  private volatile String requestIdKey;

  /**
   * From now on the first answer to this id ({@link RequestIds#key}) is withheld; before, none is.
   */
  void expect(String requestIdKey) {
    this.requestIdKey = requestIdKey;
  }

  /** Whether this line is the answer to withhold (true once at most). */
  @Override
  public boolean test(String line) {
    // once the answer is matched no later line is read again: every answer of the session passes
    return requestIdKey != null
        && matched.get() == null
        && answers(line)
        && matched.compareAndSet(null, line);
  }

  /**
   * The line went through the writer's other bookkeeping (the request it answers is no longer
   * pending): {@link #await} may return it now, and the next line be routed.
   */
  void written(String line) {
    if (line == matched.get()) {
      withheld.complete(line.strip());
    }
  }

  private boolean answers(String line) {
    return JsonRpcOutgoing.read(line)
        .filter(m -> m.isAnswer() && requestIdKey.equals(m.idKey()))
        .isPresent();
  }

  /** The withheld line once the server wrote it; null when it did not within {@code limit}. */
  String await(Duration limit) throws InterruptedException {
    try {
      return withheld.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }
}
