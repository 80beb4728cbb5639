package io.itmcp.gateway.transport;

import java.time.Duration;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.audit.AuditEvent.Phase;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stdio transport in-process: JSON-RPC lines in, lines out, cancellation read while a call runs. */
class StdioGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private final MemoryAuditSink audit = new MemoryAuditSink();
  private final BlockingQueue<JsonNode> fromServer = new LinkedBlockingQueue<>();
  private OutputStream toServer;
  private Thread server;
  private SessionRegistry sessions;

  @BeforeEach
  void start() throws Exception {
    PipedOutputStream clientOut = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 16);
    PipedInputStream clientIn = new PipedInputStream(1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    toServer = clientOut;
    sessions = new SessionRegistry(runtime, TestPolicies.defaultPolicy());
    InFlightCalls inFlight = new InFlightCalls();
    ToolCallHandler handler = new ToolCallHandler(sessions, audit, inFlight, new Identity("localuser", List.of()),
        Clock.systemUTC());
    McpServerFactory factory = new McpServerFactory(TestPolicies.defaultPolicy(), FakeTools.catalog(), handler);
    server = new Thread(() -> {
      try {
        StdioGateway.serve(factory, inFlight, serverIn, serverOut);
      } catch (InterruptedException ignored) {
        // test over
      }
    });
    server.setDaemon(true);
    server.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          fromServer.add(JSON.readTree(line));
        }
      } catch (Exception ignored) {
        // pipe closed
      }
    });
    reader.setDaemon(true);
    reader.start();
  }

  @AfterEach
  void stop() throws Exception {
    toServer.close();
    server.join(5000);
    sessions.close();
  }

  private void send(String json) throws Exception {
    toServer.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    toServer.flush();
  }

  private JsonNode response(String id) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < end) {
      JsonNode m = fromServer.poll(100, TimeUnit.MILLISECONDS);
      if (m != null && m.has("id") && m.get("id").asText().equals(id) && !m.has("method")) {
        return m;
      }
    }
    throw new AssertionError("no response to " + id);
  }

  private void initialize() throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertThat(response("init").at("/result/serverInfo/name").asText()).isEqualTo("itmcp-gateway");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  @Test
  void listsCallsAndRefusesOverStdio() throws Exception {
    initialize();
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    JsonNode tools = response("2").at("/result/tools");
    assertThat(tools).hasSize(2);
    assertThat(tools.get(1).at("/outputSchema/required")).hasSize(5);
    Path file = Files.writeString(tmp.resolve("a.txt"), "stdio works\n");
    send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\",\"arguments\":"
        + "{\"file_path\":\"" + file + "\"}}}");
    JsonNode ok = response("3").get("result");
    assertThat(ok.get("isError").asBoolean()).isFalse();
    assertThat(ok.at("/structuredContent/stdout").asText()).isEqualTo("stdio works\n");
    send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\",\"arguments\":"
        + "{\"file_path\":\"--help\"}}}");
    JsonNode refused = response("4").get("result");
    assertThat(refused.get("isError").asBoolean()).isTrue();
    assertThat(refused.at("/content/0/text").asText()).startsWith("refused");
    assertThat(runtime.executed).hasSize(1);
    assertThat(audit.events).extracting(e -> e.phase(), e -> e.decision()).containsExactly(
        tuple(Phase.INTENT, Decision.ALLOWED), tuple(Phase.COMPLETION, Decision.ALLOWED),
        tuple(Phase.REFUSAL, Decision.DENIED));
    assertThat(audit.events.get(0).callId()).isEqualTo(audit.events.get(1).callId());
    assertThat(audit.events.get(1).exitCode()).isZero();
    assertThat(audit.events).allMatch(e -> e.user().equals("localuser"));
  }

  @Test
  void anUnreadableLineIsAnsweredWithAParseErrorAndTheNextLineIsServed() throws Exception {
    initialize();
    send("{this is not json");
    JsonNode parseError = next();
    assertThat(parseError.get("id").isNull()).isTrue();
    assertThat(parseError.at("/error/code").asInt()).isEqualTo(-32700);
    send("");
    send("{\"jsonrpc\":\"2.0\",\"id\":7,\"no\":\"method\"}");
    JsonNode invalid = next();
    assertThat(invalid.at("/error/code").asInt()).isEqualTo(-32600);
    assertThat(invalid.get("id").asInt()).isEqualTo(7);
    send("[1,2,3]");
    assertThat(next().at("/error/code").asInt()).isEqualTo(-32600);
    send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}");
    assertThat(response("8").at("/result/tools")).hasSize(2);
  }

  @Test
  void aCallToAnUnknownToolIsAudited() throws Exception {
    initialize();
    send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"rm_tool\",\"arguments\":"
        + "{\"path\":\"/\",\"password\":\"hunter2\"}}}");
    JsonNode answer = response("5");
    assertThat(answer.at("/error/code").asInt()).as(answer.toString()).isEqualTo(-32602);
    assertThat(answer.at("/error/message").asText()).isEqualTo(
        "Unknown tool: rm_tool; the tools enabled by policy 'test-policy' are ping_tool, cat_tool (tools/list describes them)");
    assertThat(answer.at("/error/data/availableTools")).extracting(JsonNode::asText)
        .containsExactly("ping_tool", "cat_tool");
    assertThat(audit.events).singleElement().satisfies(e -> {
      assertThat(e.phase()).isEqualTo(Phase.REFUSAL);
      assertThat(e.decision()).isEqualTo(Decision.DENIED);
      assertThat(e.tool()).isEqualTo("rm_tool");
      assertThat(e.user()).isEqualTo("localuser");
      assertThat(e.reason()).contains("unknown tool 'rm_tool'").contains("cat_tool");
      assertThat(e.arguments()).containsEntry("path", "/");
    });
    assertThat(runtime.executed).isEmpty();
  }

  private JsonNode next() throws Exception {
    JsonNode m = fromServer.poll(20, TimeUnit.SECONDS);
    assertThat(m).as("an answer").isNotNull();
    return m;
  }

  @Test
  void cancellationIsReadWhileACallRunsAndKillsIt() throws Exception {
    initialize();
    long t0 = System.nanoTime();
    send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\",\"arguments\":"
        + "{\"target\":\"127.0.0.1\",\"count\":20}}}");
    // the call is registered for cancellation before its process starts
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> !runtime.executed.isEmpty());
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":9,\"reason\":\"user\"}}");
    JsonNode r = response("9").get("result");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(15);
    assertThat(r.get("isError").asBoolean()).isTrue();
    assertThat(r.at("/content/0/text").asText()).contains("cancelled");
    assertThat(runtime.killed).hasSize(1);
  }
}
