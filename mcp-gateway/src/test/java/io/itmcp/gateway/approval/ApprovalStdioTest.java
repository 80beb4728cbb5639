package io.itmcp.gateway.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditEvent.Approval;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.transport.StdioGateway;
import io.itmcp.policy.ApprovalPolicy;
import io.itmcp.policy.EffectivePolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approval over stdio (how Claude Desktop and Cline run the gateway), legacy era, in raw JSON-RPC:
 * the gateway sends {@code elicitation/create} on stdout while the call waits, and reads the
 * client's answer from stdin.
 */
class ApprovalStdioTest {

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
    EffectivePolicy policy = TestPolicies.defaultPolicy()
        .withApproval(new ApprovalPolicy(EnumSet.of(ToolName.CAT), List.of(), Duration.ofSeconds(30)));
    sessions = new SessionRegistry(runtime, policy);
    InFlightCalls inFlight = new InFlightCalls();
    ToolCallHandler handler = new ToolCallHandler(sessions, audit, inFlight, new Identity("localuser", List.of()),
        Clock.systemUTC());
    McpServerFactory factory = new McpServerFactory(policy, FakeTools.catalog(), handler);
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

  private JsonNode next(Predicate<JsonNode> wanted, String what) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < end) {
      JsonNode m = fromServer.poll(100, TimeUnit.MILLISECONDS);
      if (m != null && wanted.test(m)) {
        return m;
      }
    }
    throw new AssertionError("no " + what);
  }

  private JsonNode response(String id) throws Exception {
    return next(m -> m.has("id") && m.get("id").asText().equals(id) && !m.has("method"), "response to " + id);
  }

  private void initialize(String capabilities) throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
        + "\"capabilities\":" + capabilities + ",\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertThat(response("init").at("/result/serverInfo/name").asText()).isEqualTo("itmcp-gateway");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  private Path callCat(String id) throws Exception {
    Path file = Files.writeString(tmp.resolve(id + ".txt"), "approved over stdio\n");
    send("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\","
        + "\"arguments\":{\"file_path\":\"" + file + "\"}}}");
    return file;
  }

  private JsonNode question() throws Exception {
    return next(m -> "elicitation/create".equals(m.path("method").asText()), "elicitation/create");
  }

  private void answer(JsonNode question, String result) throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":" + question.get("id") + ",\"result\":" + result + "}");
  }

  @Test
  void theQuestionGoesOutOnStdoutAndAnApprovalRunsTheCall() throws Exception {
    initialize("{\"elicitation\":{\"form\":{}}}");
    Path file = callCat("c1");
    JsonNode q = question();
    assertThat(q.at("/params/message").asText()).contains("Command: cat -- " + file, "(rule approval.tools)");
    assertThat(q.at("/params/requestedSchema/required/0").asText()).isEqualTo(ApprovalForm.FIELD);
    answer(q, "{\"action\":\"accept\",\"content\":{\"approve\":true}}");

    JsonNode r = response("c1").get("result");
    assertThat(r.get("isError").asBoolean()).as(r.toString()).isFalse();
    assertThat(r.at("/structuredContent/stdout").asText()).isEqualTo("approved over stdio\n");
    assertThat(audit.events).extracting(AuditEvent::approval).containsExactly(Approval.APPROVED, Approval.APPROVED);
  }

  @Test
  void aDeclineOverStdioRefusesAndNothingRuns() throws Exception {
    initialize("{\"elicitation\":{}}");
    callCat("c2");
    answer(question(), "{\"action\":\"decline\"}");

    JsonNode r = response("c2").get("result");
    assertThat(r.get("isError").asBoolean()).isTrue();
    assertThat(r.at("/content/0/text").asText()).contains("the person declined it");
    assertThat(runtime.executed).isEmpty();
    assertThat(audit.events).singleElement().extracting(AuditEvent::approval).isEqualTo(Approval.DECLINED);
  }

  @Test
  void aStdioClientWithoutElicitationIsRefusedUnasked() throws Exception {
    initialize("{}");
    callCat("c3");

    JsonNode r = response("c3").get("result");
    assertThat(r.get("isError").asBoolean()).isTrue();
    assertThat(r.at("/content/0/text").asText()).contains("this MCP client cannot ask its user");
    assertThat(fromServer).noneMatch(m -> m.has("method") && "elicitation/create".equals(m.get("method").asText()));
    assertThat(runtime.executed).isEmpty();
  }
}
