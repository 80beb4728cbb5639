package io.itmcp.gateway.approval;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Legacy era: an {@code elicitation/create} request (form mode) to the client of the session,
 * waited for on the call's own thread until the policy's approval timeout, read from the clock the
 * gateway runs on (tests move it). The SDK's own request timeout must be longer than any approval
 * timeout (the servers are built so).
 */
public final class LegacyElicitationApprover implements Approver {

  /** How often the wait looks at the clock. */
  static final long SLICE_MILLIS = 50;

  private static final AtomicInteger THREADS = new AtomicInteger();

  /**
   * The SDK's sync exchange blocks; the question waits on its own thread so the deadline is ours.
   */
  private static final ExecutorService ASKING =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "itmcp-approval-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private final McpSyncServerExchange exchange;
  private final Clock clock;

  public LegacyElicitationApprover(McpSyncServerExchange exchange, Clock clock) {
    this.exchange = exchange;
    this.clock = clock;
  }

  /**
   * Whether the client said it can show a form to its user (an empty elicitation capability means
   * form).
   */
  static boolean canAsk(McpSchema.ClientCapabilities capabilities) {
    if (capabilities == null || capabilities.elicitation() == null) {
      return false;
    }
    McpSchema.ClientCapabilities.Elicitation e = capabilities.elicitation();
    return e.form() != null || e.url() == null;
  }

  @Override
  public ApprovalOutcome decide(ApprovalRequest request) throws InterruptedException {
    if (exchange == null || !canAsk(exchange.getClientCapabilities())) {
      return ApprovalRefusals.clientCannotAsk(request);
    }
    McpSchema.ElicitRequest question =
        McpSchema.ElicitRequest.builder(request.question(), ApprovalForm.SCHEMA).build();
    Future<McpSchema.ElicitResult> answer =
        ASKING.submit(() -> exchange.createElicitation(question));
    Instant deadline = clock.instant().plus(request.timeout());
    try {
      while (true) {
        try {
          McpSchema.ElicitResult result = answer.get(SLICE_MILLIS, TimeUnit.MILLISECONDS);
          return ApprovalForm.outcome(
              request,
              result == null || result.action() == null
                  ? null
                  : ApprovalForm.Action.valueOf(result.action().name()),
              result == null ? null : result.content());
        } catch (TimeoutException e) {
          if (!clock.instant().isBefore(deadline)) {
            answer.cancel(true);
            return ApprovalRefusals.timedOut(request);
          }
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return ApprovalRefusals.failed(
          request,
          "the client answered the question with an error ("
              + cause.getClass().getSimpleName()
              + ")");
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    }
  }
}
