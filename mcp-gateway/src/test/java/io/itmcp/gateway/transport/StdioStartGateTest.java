package io.itmcp.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolListChanges;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.StdioGatewayFixture;
import io.itmcp.gateway.testing.TestPolicies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stdio gateway answers {@code initialize} while its policy's rules are still being checked; no
 * other request reaches a server before they passed, and when they fail the gateway ends with their
 * reason, answering nothing more.
 */
class StdioStartGateTest {

  private static final String TOOLS_LIST =
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n";
  private static final String PING_CALL =
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
          + "\"arguments\":{\"target\":\"127.0.0.1\",\"count\":1}}}\n";

  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private final MemoryAuditSink audit = new MemoryAuditSink();
  private final SessionRegistry sessions =
      new SessionRegistry(runtime, TestPolicies.defaultPolicy());
  private final InFlightCalls inFlight = new InFlightCalls();
  private final McpServerFactory factory =
      StdioGatewayFixture.factory(TestPolicies.defaultPolicy(), sessions, audit, inFlight);
  private final LineQueue stdout = new LineQueue();

  @AfterEach
  void close() {
    sessions.close();
  }

  @Test
  void initializeIsAnsweredBeforeTheChecksPassAndEverythingElseOnlyAfter() throws Exception {
    CompletableFuture<Void> checks = new CompletableFuture<>();
    AtomicInteger linesOutWhenChecksBegan = new AtomicInteger(-1);
    PipedOutputStream client = new PipedOutputStream();
    CompletableFuture<Void> served =
        serveInBackground(
            new PipedInputStream(client, 1 << 16),
            new StartGate(checks, () -> linesOutWhenChecksBegan.set(stdout.written.get())));

    // a client as MCP has it: initialize, then the rest once it is answered
    send(client, PipedStdio.LEGACY_INITIALIZE.lines().findFirst().orElseThrow() + "\n");
    assertThat(stdout.next().at("/result/serverInfo/name").asText()).isEqualTo("itmcp-gateway");
    // they began once the initialize answer was out, not before: it never waits for them
    await().atMost(Duration.ofSeconds(30)).until(() -> linesOutWhenChecksBegan.get() >= 0);
    assertThat(linesOutWhenChecksBegan).hasValue(1);
    send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
    send(client, TOOLS_LIST + PING_CALL);

    // the router waits on the checks with the line after initialize: nothing else has gone out
    await().atMost(Duration.ofSeconds(30)).until(() -> checks.getNumberOfDependents() > 0);
    assertThat(stdout.lines).isEmpty();
    assertThat(runtime.opened).isEmpty();

    checks.complete(null);

    List<JsonNode> answers = List.of(stdout.next(), stdout.next());
    assertThat(answers).extracting(a -> a.get("id").asInt()).containsExactlyInAnyOrder(2, 3);
    client.close();
    served.get(60, TimeUnit.SECONDS);
  }

  @Test
  void failedChecksEndTheGatewayWithTheirReasonAndNoToolIsListedOrCalled() throws Exception {
    CompletableFuture<Void> checks = new CompletableFuture<>();
    PipedOutputStream client = new PipedOutputStream();
    CompletableFuture<Void> served =
        serveInBackground(new PipedInputStream(client, 1 << 16), new StartGate(checks));

    send(client, PipedStdio.LEGACY_INITIALIZE + "\n" + TOOLS_LIST + PING_CALL);
    assertThat(stdout.next().has("result")).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> checks.getNumberOfDependents() > 0);

    checks.completeExceptionally(
        new IllegalArgumentException("policy.yaml: spec.tools: Invalid value: \"object\": no"));

    assertThatThrownBy(() -> served.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(StartGate.Failed.class)
        .hasMessage("policy.yaml: spec.tools: Invalid value: \"object\": no");
    assertThat(stdout.lines).as("no answer after initialize").isEmpty();
    assertThat(runtime.opened).as("no sandbox").isEmpty();
    assertThat(audit.events).as("no call audited").isEmpty();
  }

  @Test
  void checksThatFailAfterTheClientEndedItsInputStillEndTheGatewayWithTheirReason() {
    CompletableFuture<Void> checks =
        CompletableFuture.failedFuture(new IllegalArgumentException("policy.yaml: refused"));
    InputStream onlyInitialize =
        new ByteArrayInputStream(
            (PipedStdio.LEGACY_INITIALIZE + "\n").getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () ->
                StdioGateway.serve(
                    factory,
                    inFlight,
                    onlyInitialize,
                    stdout,
                    Duration.ofSeconds(30),
                    ToolListChanges.NONE,
                    new StartGate(checks)))
        .isInstanceOf(StartGate.Failed.class)
        .hasMessage("policy.yaml: refused");
  }

  private CompletableFuture<Void> serveInBackground(InputStream stdin, StartGate gate) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            StdioGateway.serve(
                factory,
                inFlight,
                stdin,
                stdout,
                Duration.ofSeconds(30),
                ToolListChanges.NONE,
                gate);
          } catch (InterruptedException e) {
            throw new CompletionException(e);
          }
        });
  }

  private static void send(OutputStream client, String lines) throws Exception {
    client.write(lines.getBytes(StandardCharsets.UTF_8));
    client.flush();
  }

  /** The gateway's stdout, one JSON-RPC message per line, as the lines come. */
  private static final class LineQueue extends OutputStream {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final AtomicInteger written = new AtomicInteger();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        lines.add(pending.toString(StandardCharsets.UTF_8));
        written.incrementAndGet();
        pending.reset();
      } else {
        pending.write(b);
      }
    }

    JsonNode next() throws Exception {
      String line = lines.poll(60, TimeUnit.SECONDS);
      assertThat(line).as("a line within 60 s").isNotNull();
      return PipedStdio.JSON.readTree(line);
    }
  }
}
