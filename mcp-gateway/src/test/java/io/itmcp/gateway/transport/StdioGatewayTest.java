package io.itmcp.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.audit.AuditEvent.Phase;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.StdioGatewayFixture;
import io.itmcp.gateway.testing.TestPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stdio transport in-process: JSON-RPC lines in, lines out, cancellation read while a call
 * runs.
 */
class StdioGatewayTest {

  @TempDir Path tmp;

  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private final MemoryAuditSink audit = new MemoryAuditSink();
  private StdioGatewayFixture stdio;

  @BeforeEach
  void start() throws Exception {
    stdio = StdioGatewayFixture.start(TestPolicies.defaultPolicy(), runtime, audit);
  }

  @AfterEach
  void stop() throws Exception {
    stdio.close();
  }

  private void initialize() throws Exception {
    stdio.initialize("2025-06-18", "{}");
  }

  @Test
  void listsCallsAndRefusesOverStdio() throws Exception {
    initialize();
    stdio.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    JsonNode tools = stdio.response("2").at("/result/tools");
    assertThat(tools).hasSize(2);
    assertThat(tools.get(1).at("/outputSchema/required")).hasSize(5);
    Path file = Files.writeString(tmp.resolve("a.txt"), "stdio works\n");
    stdio.send(
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\",\"arguments\":"
            + "{\"file_path\":\""
            + file
            + "\"}}}");
    JsonNode ok = stdio.response("3").get("result");
    assertThat(ok.get("isError").asBoolean()).isFalse();
    assertThat(ok.at("/structuredContent/stdout").asText()).isEqualTo("stdio works\n");
    stdio.send(
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\",\"arguments\":"
            + "{\"file_path\":\"--help\"}}}");
    JsonNode refused = stdio.response("4").get("result");
    assertThat(refused.get("isError").asBoolean()).isTrue();
    assertThat(refused.at("/content/0/text").asText()).startsWith("refused");
    assertThat(runtime.executed).hasSize(1);
    assertThat(audit.events)
        .extracting(e -> e.phase(), e -> e.decision())
        .containsExactly(
            tuple(Phase.INTENT, Decision.ALLOWED),
            tuple(Phase.COMPLETION, Decision.ALLOWED),
            tuple(Phase.REFUSAL, Decision.DENIED));
    assertThat(audit.events.get(0).callId()).isEqualTo(audit.events.get(1).callId());
    assertThat(audit.events.get(1).exitCode()).isZero();
    assertThat(audit.events).allMatch(e -> e.user().equals("localuser"));
  }

  @Test
  void anUnreadableLineIsAnsweredWithAParseErrorAndTheNextLineIsServed() throws Exception {
    initialize();
    stdio.send("{this is not json");
    JsonNode parseError = stdio.next();
    assertThat(parseError.get("id").isNull()).isTrue();
    assertThat(parseError.at("/error/code").asInt()).isEqualTo(-32700);
    stdio.send("");
    stdio.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"no\":\"method\"}");
    JsonNode invalid = stdio.next();
    assertThat(invalid.at("/error/code").asInt()).isEqualTo(-32600);
    assertThat(invalid.get("id").asInt()).isEqualTo(7);
    stdio.send("[1,2,3]");
    assertThat(stdio.next().at("/error/code").asInt()).isEqualTo(-32600);
    stdio.send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}");
    assertThat(stdio.response("8").at("/result/tools")).hasSize(2);
  }

  @Test
  void aCallToAnUnknownToolIsAudited() throws Exception {
    initialize();
    stdio.send(
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"rm_tool\",\"arguments\":"
            + "{\"path\":\"/\",\"password\":\"hunter2\"}}}");
    JsonNode answer = stdio.response("5");
    assertThat(answer.at("/error/code").asInt()).as(answer.toString()).isEqualTo(-32602);
    assertThat(answer.at("/error/message").asText())
        .isEqualTo(
            "Unknown tool: rm_tool; the tools enabled by policy 'test-policy' are ping_tool, cat_tool (tools/list describes them)");
    assertThat(answer.at("/error/data/availableTools"))
        .extracting(JsonNode::asText)
        .containsExactly("ping_tool", "cat_tool");
    assertThat(audit.events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.phase()).isEqualTo(Phase.REFUSAL);
              assertThat(e.decision()).isEqualTo(Decision.DENIED);
              assertThat(e.tool()).isEqualTo("rm_tool");
              assertThat(e.user()).isEqualTo("localuser");
              assertThat(e.reason()).contains("unknown tool 'rm_tool'").contains("cat_tool");
              assertThat(e.arguments()).containsEntry("path", "/");
            });
    assertThat(runtime.executed).isEmpty();
  }

  @Test
  void cancellationIsReadWhileACallRunsAndKillsIt() throws Exception {
    initialize();
    long t0 = System.nanoTime();
    stdio.send(
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\",\"arguments\":"
            + "{\"target\":\"127.0.0.1\",\"count\":20}}}");
    // the call is registered for cancellation before its process starts
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !runtime.executed.isEmpty());
    stdio.send(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":9,\"reason\":\"user\"}}");
    JsonNode r = stdio.response("9").get("result");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(15);
    assertThat(r.get("isError").asBoolean()).isTrue();
    assertThat(r.at("/content/0/text").asText()).contains("cancelled");
    assertThat(runtime.killed).hasSize(1);
  }
}
