package io.itmcp.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.audit.AuditEvent.Phase;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.StdioGatewayFixture;
import io.itmcp.gateway.testing.TestPolicies;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first demo: a client pipes its requests into stdin and closes it at once ({@code
 * printf ... | itmcp serve --stdio}). Every call the gateway accepted before the end of input is
 * finished and answered before it exits, in both protocol eras; none is audited as refused because
 * the session ended.
 */
class StdioEndOfInputTest {

  private static final String MODERN_META = PipedStdio.MODERN_META;

  @TempDir Path tmp;

  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private final MemoryAuditSink audit = new MemoryAuditSink();
  private final SessionRegistry sessions =
      new SessionRegistry(runtime, TestPolicies.defaultPolicy());

  @AfterEach
  void close() {
    sessions.close();
  }

  @Test
  void legacyCallsPipedBeforeEndOfInputAreAllAnswered() throws Exception {
    Path file = Files.writeString(tmp.resolve("a.txt"), "piped\n");
    String input =
        String.join(
                "\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"printf\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\",\"arguments\":"
                    + "{\"target\":\"127.0.0.1\",\"count\":1}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\",\"arguments\":"
                    + "{\"file_path\":\""
                    + file
                    + "\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\",\"arguments\":"
                    + "{\"target\":\"127.0.0.1\",\"count\":2}}}")
            + "\n";

    Map<String, JsonNode> answers = serve(input);

    assertThat(answers).containsOnlyKeys("1", "2", "3", "4", "5");
    assertThat(answers.get("3").at("/result/structuredContent/stdout").asText())
        .isEqualTo("piped\n");
    for (String call : List.of("2", "3", "5")) {
      assertThat(answers.get(call).at("/result/isError").asBoolean())
          .as(answers.get(call).toString())
          .isFalse();
    }
    assertAllCallsRan(3);
  }

  @Test
  void modernCallsPipedBeforeEndOfInputAreAllAnswered() throws Exception {
    Path file = Files.writeString(tmp.resolve("b.txt"), "modern pipe\n");
    String input =
        String.join(
                "\n",
                "{\"jsonrpc\":\"2.0\",\"id\":\"m1\",\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\",\"arguments\":"
                    + "{\"target\":\"127.0.0.1\",\"count\":2},"
                    + MODERN_META
                    + "}}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"m2\",\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\",\"arguments\":"
                    + "{\"file_path\":\""
                    + file
                    + "\"},"
                    + MODERN_META
                    + "}}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"m3\",\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\",\"arguments\":"
                    + "{\"target\":\"127.0.0.1\",\"count\":1},"
                    + MODERN_META
                    + "}}")
            + "\n";

    Map<String, JsonNode> answers = serve(input);

    assertThat(answers).containsOnlyKeys("m1", "m2", "m3");
    assertThat(answers.get("m2").at("/result/structuredContent/stdout").asText())
        .isEqualTo("modern pipe\n");
    for (JsonNode answer : answers.values()) {
      assertThat(answer.at("/result/isError").asBoolean()).as(answer.toString()).isFalse();
    }
    assertAllCallsRan(3);
  }

  @Test
  void aCallStillRunningAtTheDrainLimitIsCancelledAndAnswered() throws Exception {
    String input =
        "{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
            + "\"arguments\":{\"target\":\"127.0.0.1\",\"count\":20},"
            + MODERN_META
            + "}}\n";

    // stdin ends only once the call runs, so the drain limit meets a running process on a busy
    // machine too (a call that starts after the limit is cancelled as it starts: InFlightCallsTest)
    PipedOutputStream client = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(client, 1 << 16);
    CompletableFuture<Map<String, JsonNode>> served =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return serve(stdin, Duration.ofMillis(500));
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    client.write(input.getBytes(StandardCharsets.UTF_8));
    client.flush();
    await().atMost(Duration.ofSeconds(60)).until(() -> !runtime.executed.isEmpty());
    client.close();
    Map<String, JsonNode> answers = served.get(120, TimeUnit.SECONDS);

    assertThat(answers).containsOnlyKeys("slow");
    assertThat(runtime.killed).hasSize(1);
    assertThat(audit.events)
        .filteredOn(e -> e.phase() == Phase.COMPLETION)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.decision()).isEqualTo(Decision.FAILED);
              assertThat(e.reason())
                  .contains("the client closed stdin")
                  .contains("limits.toolTimeout");
            });
    assertThat(answers.get("slow").at("/result/content/0/text").asText())
        .contains("the client closed stdin");
  }

  private void assertAllCallsRan(int calls) {
    assertThat(runtime.executed).hasSize(calls);
    List<AuditEvent> completions =
        audit.events.stream().filter(e -> e.phase() == Phase.COMPLETION).toList();
    assertThat(completions)
        .hasSize(calls)
        .allSatisfy(e -> assertThat(e.decision()).isEqualTo(Decision.ALLOWED));
    assertThat(audit.events).noneMatch(e -> e.phase() == Phase.REFUSAL);
  }

  private Map<String, JsonNode> serve(String input) throws Exception {
    return serve(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(30));
  }

  private Map<String, JsonNode> serve(InputStream stdin, Duration drainLimit) throws Exception {
    InFlightCalls inFlight = new InFlightCalls();
    McpServerFactory factory =
        StdioGatewayFixture.factory(TestPolicies.defaultPolicy(), sessions, audit, inFlight);
    return PipedStdio.answers(PipedStdio.serve(factory, inFlight, stdin, drainLimit));
  }
}
