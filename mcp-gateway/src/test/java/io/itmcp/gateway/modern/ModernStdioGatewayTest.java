package io.itmcp.gateway.modern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.Binaries;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.CallerKey;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ModernClients;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.gateway.transport.StdioGateway;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Both eras over one stdio process: the Java SDK 2.2.0 modern client calling the twelve real tools
 * (bubblewrap), a legacy client's initialize and a modern server/discover answered side by side, an
 * unsupported version, and a modern call cancelled mid-run.
 */
class ModernStdioGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Identity LOCAL_USER = new Identity("localuser", List.of());

  private final MemoryAuditSink audit = new MemoryAuditSink();
  private PipedOutputStream toServer;
  private PipedInputStream fromServer;
  private Thread server;
  private SessionRegistry sessions;

  private void start(SandboxRuntime runtime, EffectivePolicy policy, List<ToolDefinition> catalog)
      throws Exception {
    toServer = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
    fromServer = new PipedInputStream(1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream(fromServer);
    sessions = new SessionRegistry(runtime, policy);
    InFlightCalls inFlight = new InFlightCalls();
    ToolCallHandler handler =
        new ToolCallHandler(sessions, audit, inFlight, LOCAL_USER, Clock.systemUTC());
    McpServerFactory factory = new McpServerFactory(policy, catalog, handler);
    server =
        new Thread(
            () -> {
              try {
                StdioGateway.serve(factory, inFlight, serverIn, serverOut);
              } catch (InterruptedException ignored) {
                // test over
              }
            },
            "stdio-gateway");
    server.setDaemon(true);
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (toServer != null) {
      toServer.close();
      server.join(10_000);
      sessions.close();
    }
  }

  @Test
  void theModernClientCallsAllTwelveToolsOverStdio() throws Exception {
    Binaries.require("bwrap");
    if (!LocalSandboxRuntime.probe().available()) {
      Binaries.unavailable(
          "bubblewrap does not work here: " + LocalSandboxRuntime.probe().detail());
    }
    try (TwelveTools tools = new TwelveTools()) {
      start(LocalSandboxRuntime.bubblewrap(), tools.policy(), tools.catalog());
      McpSyncClient client = ModernClients.stdio(fromServer, toServer);

      assertThat(client.discover().supportedVersions()).containsExactly("2026-07-28");
      assertThat(client.tools().list().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactlyElementsOf(tools.arguments().keySet());
      tools
          .arguments()
          .forEach(
              (name, args) -> {
                McpSchema.CallToolResult r = client.tool(name).arguments(args).call();
                assertThat(r.resultType()).isEqualTo("complete");
                assertThat(r.structuredContent())
                    .as(name + ": " + r.content())
                    .isInstanceOf(Map.class);
                if (TwelveTools.SUCCEED.contains(name)) {
                  assertThat(((Map<?, ?>) r.structuredContent()).get("exitCode"))
                      .as(name)
                      .isEqualTo(0);
                }
              });

      String caller =
          CallerKey.of("localuser", tools.policy().name(), ModernClients.CLIENT_NAME).sessionId();
      assertThat(audit.closed())
          .extracting(AuditEvent::tool)
          .containsExactlyElementsOf(tools.arguments().keySet());
      assertThat(audit.closed())
          .allSatisfy(
              e -> {
                assertThat(e.decision())
                    .as(e.tool() + " " + e.reason())
                    .isEqualTo(Decision.ALLOWED);
                assertThat(e.era()).isEqualTo("modern");
                assertThat(e.protocolVersion()).isEqualTo("2026-07-28");
                assertThat(e.session()).isEqualTo(caller);
              });
    }
  }

  @Test
  void aLegacyAndAModernClientAreAnsweredByOneProcess() throws Exception {
    ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
    start(runtime, TestPolicies.defaultPolicy(), FakeTools.catalog());
    Lines lines = new Lines();

    lines.send(
        "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"legacy\",\"version\":\"1\"}}}");
    assertThat(lines.response("init").at("/result/protocolVersion").asText())
        .isEqualTo("2025-06-18");
    lines.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    lines.send(
        "{\"jsonrpc\":\"2.0\",\"id\":\"d\",\"method\":\"server/discover\",\"params\":{"
            + ModernClients.meta("2026-07-28")
            + "}}");
    JsonNode discover = lines.response("d").get("result");
    assertThat(discover.get("supportedVersions").toString()).isEqualTo("[\"2026-07-28\"]");
    assertThat(discover.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asText())
        .isEqualTo("itmcp-gateway");

    lines.send(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\","
            + "\"arguments\":{\"file_path\":\"/etc/hostname\"}}}");
    lines.send(
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\","
            + "\"arguments\":{\"file_path\":\"/etc/hostname\"},"
            + ModernClients.meta("2026-07-28")
            + "}}");
    assertThat(lines.response("1").at("/result/resultType").isMissingNode())
        .as("legacy results have no resultType")
        .isTrue();
    assertThat(lines.response("2").at("/result/resultType").asText()).isEqualTo("complete");
    assertThat(audit.closed())
        .extracting(AuditEvent::era, AuditEvent::protocolVersion)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("legacy", "2025-06-18"),
            org.assertj.core.groups.Tuple.tuple("modern", "2026-07-28"));
  }

  @Test
  void anUnsupportedVersionOverStdioIsAnsweredWithTheSupportedOnes() throws Exception {
    start(new ProcessSandboxRuntime(), TestPolicies.defaultPolicy(), FakeTools.catalog());
    Lines lines = new Lines();

    lines.send(
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":{"
            + ModernClients.meta("2099-01-01")
            + "}}");

    JsonNode error = lines.response("5").get("error");
    assertThat(error.get("code").asInt()).isEqualTo(-32022);
    assertThat(error.at("/data/supported").toString()).isEqualTo("[\"2026-07-28\"]");
  }

  @Test
  void cancellingAModernCallKillsItsProcessAndAuditsIt() throws Exception {
    ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
    start(runtime, TestPolicies.defaultPolicy(), FakeTools.catalog());
    Lines lines = new Lines();

    cancelALongPingOnceItRuns(lines);

    AuditEvent cancelled = awaitCompletion();
    assertThat(cancelled.reason()).contains("cancelled by the client");
    assertThat(cancelled.era()).isEqualTo("modern");
    assertThat(runtime.killed).hasSize(1);
  }

  /**
   * A client that cancels its call and then closes stdin is owed nothing more (the modern era
   * answers no cancelled request): the gateway ends once the cancelled call has written its
   * completion, not after the drain limit it gives calls still owed an answer.
   */
  @Test
  void aClientThatCancelsThenClosesStdinIsNotWaitedForUntilTheDrainLimit() throws Exception {
    ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
    start(runtime, TestPolicies.defaultPolicy(), FakeTools.catalog());
    Lines lines = new Lines();
    cancelALongPingOnceItRuns(lines);
    toServer.close();

    server.join(15_000);
    assertThat(server.isAlive())
        .as("the gateway still waits for the cancelled call's answer")
        .isFalse();
    assertThat(audit.closed())
        .as("the cancelled call's completion, written before the gateway ended")
        .singleElement()
        .satisfies(
            completion -> assertThat(completion.reason()).contains("cancelled by the client"));
  }

  /**
   * The cancelled call's completion is written by the interrupted worker, shortly after the cancel.
   */
  private AuditEvent awaitCompletion() {
    await().atMost(Duration.ofSeconds(15)).until(() -> !audit.closed().isEmpty());
    assertThat(audit.closed()).as("the completion of the cancelled call").singleElement();
    return audit.closed().get(0);
  }

  /** Raw JSON-RPC lines to and from the gateway. */
  private final class Lines {
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final java.util.List<JsonNode> unclaimed = new java.util.ArrayList<>();

    Lines() {
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    received.add(JSON.readTree(line));
                  }
                } catch (Exception ignored) {
                  // pipe closed
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    void send(String json) throws Exception {
      OutputStream out = toServer;
      out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    JsonNode response(String id) throws InterruptedException {
      return await(m -> m.has("id") && m.get("id").asText().equals(id) && !m.has("method"));
    }

    /**
     * Messages are kept until a test asks for them: the two eras answer concurrent calls in any
     * order.
     */
    JsonNode await(Predicate<JsonNode> wanted) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < end) {
        for (java.util.Iterator<JsonNode> it = unclaimed.iterator(); it.hasNext(); ) {
          JsonNode m = it.next();
          if (wanted.test(m)) {
            it.remove();
            return m;
          }
        }
        JsonNode m = received.poll(100, TimeUnit.MILLISECONDS);
        if (m != null) {
          unclaimed.add(m);
        }
      }
      throw new AssertionError("no such message from the gateway; read meanwhile: " + unclaimed);
    }
  }

  /** A modern 20-packet ping as request 9, cancelled once its first progress says it runs. */
  private static void cancelALongPingOnceItRuns(Lines lines) throws Exception {
    lines.send(
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
            + "\"arguments\":{\"target\":\"127.0.0.1\",\"count\":20},"
            + ModernClients.meta("2026-07-28").replace("}}", "},\"progressToken\":\"p9\"}")
            + "}}");
    // the first progress notification says the process runs
    lines.await(
        m ->
            "notifications/progress".equals(m.path("method").asText())
                && "p9".equals(m.at("/params/progressToken").asText()));
    lines.send(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":9}}");
  }
}
