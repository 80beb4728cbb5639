package io.itmcp.gateway.transport;

import io.itmcp.gateway.modern.ModernMcpServers;
import io.itmcp.gateway.server.CallProtocol.Era;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ProtocolAudit;
import io.itmcp.gateway.server.ToolListChange;
import io.itmcp.gateway.server.ToolListChanges;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.transport.StdioMcpTransport;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP server over stdin/stdout, both eras in one process: each line goes to the legacy server
 * (initialize, then a session as before) or to the modern one (2026-07-28, every request on its
 * own) by {@link EraLineRouter}; both answer on the same stdout, line by line. When the client
 * closes stdin, every request already read is still answered (a call runs to its end, at most
 * {@code drainLimit}, and is cancelled past it); then serve returns.
 */
public final class StdioGateway {

  private static final Logger LOG = LoggerFactory.getLogger(StdioGateway.class);
  private static final int PIPE_BYTES = 1 << 20;

  /** Beyond a call's own deadline: its sandbox may still be starting when stdin ends. */
  static final Duration SANDBOX_START_ALLOWANCE = Duration.ofSeconds(30);

  /** How long a call cancelled at the drain limit has to write its answer. */
  static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

  /** How long the legacy server may take for an initialize already answered to the client. */
  static final Duration WITHHELD_ANSWER_LIMIT = Duration.ofSeconds(10);

  private StdioGateway() {}

  /**
   * How long calls read before stdin ended may still run: the policy's tool timeout and a sandbox
   * start.
   */
  public static Duration drainLimit(EffectivePolicy policy) {
    return policy.limits().toolTimeout().plus(SANDBOX_START_ALLOWANCE);
  }

  public static void serve(
      McpServerFactory factory, InFlightCalls inFlight, InputStream stdin, OutputStream stdout)
      throws InterruptedException {
    serve(factory, inFlight, stdin, stdout, drainLimit(factory.policy()));
  }

  /**
   * @param drainLimit how long, after stdin ends, the calls already read may run before they are
   *     cancelled
   */
  public static void serve(
      McpServerFactory factory,
      InFlightCalls inFlight,
      InputStream stdin,
      OutputStream stdout,
      Duration drainLimit)
      throws InterruptedException {
    serve(factory, inFlight, stdin, stdout, drainLimit, ToolListChanges.NONE);
  }

  /**
   * As above; {@code changes} tells this gateway's clients when the tools changed (policy reload):
   * legacy sessions by {@code notifications/tools/list_changed}, modern ones on {@code
   * subscriptions/listen}.
   */
  public static void serve(
      McpServerFactory factory,
      InFlightCalls inFlight,
      InputStream stdin,
      OutputStream stdout,
      Duration drainLimit,
      ToolListChanges changes)
      throws InterruptedException {
    serve(factory, inFlight, stdin, stdout, drainLimit, changes, StartGate.OPEN);
  }

  /**
   * As above; {@code gate}'s checks begin when the first answer ({@code initialize}) went out, and
   * until they passed only {@code initialize} is answered (the others wait for them); when they
   * fail this throws {@link StartGate.Failed} after closing both servers, answering nothing more.
   */
  public static void serve(
      McpServerFactory factory,
      InFlightCalls inFlight,
      InputStream stdin,
      OutputStream stdout,
      Duration drainLimit,
      ToolListChanges changes,
      StartGate gate)
      throws InterruptedException {
    serve(factory, inFlight, EarlyInitialize.none(stdin), stdout, drainLimit, changes, gate);
  }

  /**
   * As above, stdin's first line read (and maybe answered) by {@code early}: it reaches the servers
   * first, and when it was answered, its server's own answer is withheld and nothing else is read
   * before that answer was written.
   */
  public static void serve(
      McpServerFactory factory,
      InFlightCalls inFlight,
      EarlyInitialize early,
      OutputStream stdout,
      Duration drainLimit,
      ToolListChanges changes,
      StartGate gate)
      throws InterruptedException {
    McpJsonMapper json = McpJsonDefaults.getMapper();
    SharedLineOutput out = new SharedLineOutput(stdout);
    PendingRequests pending = new PendingRequests();
    try {
      PipedOutputStream toLegacy = new PipedOutputStream();
      PipedOutputStream toModern = new PipedOutputStream();
      WithheldAnswer withheld = new WithheldAnswer();
      OutputStream legacyOut =
          out.writer(
              line -> {
                pending.written(Era.LEGACY, line);
                // initialize is answered: the start-up checks may have the CPU now
                gate.begin();
                withheld.written(line);
              },
              withheld);
      InspectingLineInputStream legacyIn =
          new InspectingLineInputStream(
              new BufferedInputStream(new PipedInputStream(toLegacy, PIPE_BYTES)),
              inFlight,
              line -> answer(legacyOut, line));
      McpSyncServer legacy =
          factory.stdio(new SerializedStdioTransportProvider(json, legacyIn, legacyOut));
      ModernMcpServers.Listed modernServer = ModernMcpServers.withListChanges(factory, inFlight);
      OutputStream modernOut = out.writer(line -> pending.written(Era.MODERN, line));
      StdioMcpTransport modern =
          new StdioMcpTransport(
              modernServer.server(), json, new PipedInputStream(toModern, PIPE_BYTES), modernOut);
      modern.start();
      ProtocolAudit protocolAudit = factory.protocolAudit();
      EraLineRouter router =
          new EraLineRouter(
                  toLegacy,
                  toModern,
                  pending,
                  msg -> protocolAudit.answerUnknownTool(msg, null, null, factory::policy),
                  (era, line) -> answer(era == Era.MODERN ? modernOut : legacyOut, line))
              .gatedBy(gate);
      AutoCloseable listening =
          changes.listen(
              reloaded -> {
                ToolListChange.announce(legacy, factory.forPolicy(reloaded));
                modernServer.toolsListChanged();
              });
      try {
        // the servers are ready: now the client's first line is needed
        EarlyInitialize.FirstLine first = early.await();
        if (first.line() != null) {
          EraLineRouter.Routed routed = router.classify(first.line());
          if (first.answered()) {
            withheld.expect(routed.requestIdKey());
          }
          router.route(routed);
          awaitWithheld(first, withheld);
        }
        router.routeUntilEndOfInput(first.rest());
        finishAccepted(pending, inFlight, drainLimit);
      } finally {
        closeQuietly(listening);
        router.close();
        legacyIn.awaitEndOfInput();
        legacy.closeGracefully();
        modern.closeGracefully().block(Duration.ofSeconds(5));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("stdio failed", e);
    }
  }

  /**
   * The legacy server's own answer to an initialize answered early: until it is written, the next
   * line could reach a server whose session is not yet initialized. It should be what the client
   * got.
   */
  private static void awaitWithheld(EarlyInitialize.FirstLine first, WithheldAnswer withheld)
      throws InterruptedException {
    if (!first.answered()) {
      return;
    }
    String own = withheld.await(WITHHELD_ANSWER_LIMIT);
    if (own == null) {
      LOG.warn("the legacy server did not answer initialize within {}", WITHHELD_ANSWER_LIMIT);
    } else if (!own.equals(first.answer())) {
      LOG.warn(
          "initialize was answered early as {} but the legacy server answers {}",
          first.answer(),
          own);
    }
  }

  /**
   * The client closed stdin: the requests it sent before are still answered ({@code printf ... |
   * itmcp serve --stdio} must show every answer). Calls running past the limit are cancelled, which
   * kills their process trees, and answered as cancelled.
   */
  private static void finishAccepted(
      PendingRequests pending, InFlightCalls inFlight, Duration drainLimit)
      throws InterruptedException {
    if (pending.size() > 0) {
      LOG.info(
          "stdin closed; finishing the {} request(s) already read (at most {}s) before exiting",
          pending.size(),
          drainLimit.toSeconds());
    }
    long deadline = System.nanoTime() + drainLimit.toNanos();
    // answered, and every call finished: a call whose client cancelled it is owed no answer but
    // must still write its completion before the process ends
    if (pending.awaitAllAnswered(drainLimit)
        && inFlight.awaitAllFinished(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
      return;
    }
    int cancelled =
        inFlight.cancelAll(
            "cancelled: the client closed stdin and the call was still running "
                + drainLimit.toSeconds()
                + "s later (the policy's limits.toolTimeout and "
                + SANDBOX_START_ALLOWANCE.toSeconds()
                + "s for a sandbox to start)");
    LOG.warn(
        "stdin closed {}s ago; cancelled {} call(s) still running",
        drainLimit.toSeconds(),
        cancelled);
    if (!pending.awaitAllAnswered(CANCEL_GRACE)) {
      LOG.warn("exiting with {} request(s) unanswered", pending.size());
    }
    if (!inFlight.awaitAllFinished(CANCEL_GRACE)) {
      LOG.warn("exiting with calls whose completion is not yet written");
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // shutting down anyway
    }
  }

  /**
   * One line to the client through a {@link SharedLineOutput} writer, so lines never interleave.
   */
  private static void answer(OutputStream out, String line) {
    try {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("stdout closed", e);
    }
  }
}
