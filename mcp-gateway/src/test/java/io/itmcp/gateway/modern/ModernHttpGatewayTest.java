package io.itmcp.gateway.modern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.runtime.Binaries;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.session.CallerKey;
import io.itmcp.gateway.testing.HttpHarness;
import io.itmcp.gateway.testing.ModernClients;
import io.itmcp.gateway.testing.PingOutput;
import io.itmcp.gateway.testing.RawHttp;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local runtime's Streamable HTTP endpoint in the modern era (2026-07-28), driven by the Java
 * SDK 2.2.0 modern client, beside legacy clients on the same {@code /mcp}: real tools in
 * bubblewrap, every guarantee of the legacy era (bearer auth, Origin, body cap, the policy check
 * first, one audit record per call) holding for stateless requests too.
 */
class ModernHttpGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  static TwelveTools tools;
  static HttpHarness gateway;

  @BeforeAll
  static void start() throws Exception {
    Binaries.require("bwrap");
    LocalSandboxRuntime.Availability a = LocalSandboxRuntime.probe();
    if (!a.available()) {
      Binaries.unavailable("bubblewrap does not work here: " + a.detail());
    }
    tools = new TwelveTools();
    gateway =
        new HttpHarness(
            tools.policy(), tools.catalog(), LocalSandboxRuntime.bubblewrap(), null, 64 * 1024);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (tools != null) {
      tools.close();
    }
  }

  @BeforeEach
  void clearAudit() {
    gateway.audit.events.clear();
  }

  private static String endpoint() {
    return gateway.baseUrl() + "/mcp";
  }

  @Test
  void discoverNamesTheVersionTheToolsAndTheInstructions() {
    McpSchema.DiscoverResult d = ModernClients.http(endpoint(), HttpHarness.ALICE_TOKEN).discover();

    assertThat(d.supportedVersions()).containsExactly("2026-07-28");
    assertThat(d.capabilities().tools()).isNotNull();
    assertThat(d.instructions()).contains("sandbox");
    assertThat(d.resultType()).isEqualTo("complete");
  }

  @Test
  void listsTheTwelveToolsInCatalogOrderCachedPrivately() {
    McpSchema.ListToolsResult list =
        ModernClients.http(endpoint(), HttpHarness.ALICE_TOKEN).tools().list();

    assertThat(list.tools())
        .extracting(McpSchema.Tool::name)
        .containsExactlyElementsOf(tools.arguments().keySet());
    assertThat(list.cacheScope()).isEqualTo(McpSchema.CacheScope.PRIVATE);
    assertThat(list.ttlMs()).isEqualTo(60_000L);
    assertThat(list.tools())
        .filteredOn(t -> t.name().equals("cat_tool"))
        .singleElement()
        .satisfies(t -> assertThat(t.description()).contains(tools.dir.toString()));
  }

  @Test
  void callsAllTwelveToolsEachWithOneAuditRecordNamingTheModernEra() {
    McpSyncClient client = ModernClients.http(endpoint(), HttpHarness.ALICE_TOKEN);

    tools
        .arguments()
        .forEach(
            (name, args) -> {
              McpSchema.CallToolResult r = client.tool(name).arguments(args).call();
              assertThat(r.resultType()).as(name).isEqualTo("complete");
              assertThat(r.structuredContent())
                  .as(name + ": " + r.content())
                  .isInstanceOf(Map.class);
              @SuppressWarnings("unchecked")
              Map<String, Object> s = (Map<String, Object>) r.structuredContent();
              assertThat(s).as(name).containsKeys("exitCode", "stdout", "stderr", "durationMs");
              if (TwelveTools.SUCCEED.contains(name)) {
                assertThat(s.get("exitCode")).as(name + ": " + s).isEqualTo(0);
              }
            });

    assertThat(gateway.audit.events)
        .as("intents and completions")
        .allSatisfy(
            e -> {
              assertThat(e.era()).isEqualTo("modern");
              assertThat(e.protocolVersion()).isEqualTo("2026-07-28");
            });
    List<AuditEvent> events = gateway.audit.closed();
    assertThat(events)
        .extracting(AuditEvent::tool)
        .containsExactlyElementsOf(tools.arguments().keySet());
    String caller =
        CallerKey.of("alice", tools.policy().name(), ModernClients.CLIENT_NAME).sessionId();
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.decision()).as(e.tool() + " " + e.reason()).isEqualTo(Decision.ALLOWED);
              assertThat(e.era()).isEqualTo("modern");
              assertThat(e.protocolVersion()).isEqualTo("2026-07-28");
              assertThat(e.user()).isEqualTo("alice");
              assertThat(e.session()).isEqualTo(caller);
              assertThat(e.argv()).isNotEmpty();
            });
  }

  @Test
  void aCallThePolicyRefusesRunsNothingAndIsAuditedOnce() {
    McpSchema.CallToolResult r =
        ModernClients.http(endpoint(), HttpHarness.BOB_TOKEN)
            .tool("cat_tool")
            .arguments(Map.of("file_path", "/etc/shadow"))
            .call();

    assertThat(r.isError()).isTrue();
    assertThat(((McpSchema.TextContent) r.content().get(0)).text())
        .startsWith("refused")
        .contains("allowed");
    assertThat(gateway.audit.closed())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.decision()).isEqualTo(Decision.DENIED);
              assertThat(e.argv()).isEmpty();
              assertThat(e.user()).isEqualTo("bob");
              assertThat(e.era()).isEqualTo("modern");
            });
  }

  /** The SDK client refuses to call a tool the server did not list, so this one is sent raw. */
  @Test
  void anUnknownToolIsAnsweredWithTheToolsThePolicyEnablesAndAudited() throws Exception {
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"rm_tool\","
            + "\"arguments\":{\"path\":\"/\"},"
            + ModernClients.meta("2026-07-28")
            + "}}";
    HttpResponse<String> r =
        RawHttp.post(
            endpoint(),
            call,
            Map.of(
                "Authorization",
                "Bearer " + HttpHarness.ALICE_TOKEN,
                "MCP-Protocol-Version",
                "2026-07-28",
                "Mcp-Method",
                "tools/call",
                "Mcp-Name",
                "rm_tool"));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.get("id").asInt()).isEqualTo(9);
    assertThat(answer.at("/error/code").asInt()).as(r.body()).isEqualTo(-32602);
    assertThat(answer.at("/error/message").asText())
        .isEqualTo(
            "Unknown tool: rm_tool; the tools enabled by policy '"
                + tools.policy().name()
                + "' are "
                + String.join(", ", tools.arguments().keySet())
                + " (tools/list describes them)");
    assertThat(gateway.audit.events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.decision()).isEqualTo(Decision.DENIED);
              assertThat(e.tool()).isEqualTo("rm_tool");
              assertThat(e.user()).isEqualTo("alice");
              assertThat(e.era()).isEqualTo("modern");
              assertThat(e.reason()).contains("unknown tool 'rm_tool' (rule unknownTool)");
            });
  }

  /** The SDK client cannot be made to lie about its headers, so these are sent raw. */
  @Test
  void headersThatDoNotMatchTheBodyAreRefusedWithHeaderMismatchAndRunNothing() throws Exception {
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\","
            + "\"arguments\":{\"file_path\":\""
            + tools.file
            + "\"},"
            + ModernClients.meta("2026-07-28")
            + "}}";
    Map<String, String> honest =
        Map.of(
            "Authorization",
            "Bearer " + HttpHarness.ALICE_TOKEN,
            "MCP-Protocol-Version",
            "2026-07-28",
            "Mcp-Method",
            "tools/call",
            "Mcp-Name",
            "cat_tool");

    for (Map<String, String> lie :
        List.of(
            with(honest, "Mcp-Name", "ps_tool"),
            with(honest, "Mcp-Method", "tools/list"),
            with(honest, "MCP-Protocol-Version", "2025-11-25"))) {
      HttpResponse<String> r = RawHttp.post(endpoint(), call, lie);
      assertThat(r.statusCode()).as(lie.toString()).isEqualTo(400);
      JsonNode error = JSON.readTree(r.body()).get("error");
      assertThat(error.get("code").asInt()).as(r.body()).isEqualTo(-32020);
      assertThat(error.get("message").asText()).contains("does not match");
    }
    assertThat(gateway.audit.events).isEmpty();
    assertThat(RawHttp.post(endpoint(), call, honest).statusCode()).isEqualTo(200);
    assertThat(gateway.audit.closed())
        .singleElement()
        .extracting(AuditEvent::decision)
        .isEqualTo(Decision.ALLOWED);
  }

  @Test
  void anUnsupportedVersionIsAnsweredWithTheSupportedOnes() throws Exception {
    HttpResponse<String> r =
        RawHttp.post(
            endpoint(),
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\","
                + "\"params\":{"
                + ModernClients.meta("1900-01-01")
                + "}}",
            Map.of(
                "Authorization",
                "Bearer " + HttpHarness.ALICE_TOKEN,
                "MCP-Protocol-Version",
                "1900-01-01",
                "Mcp-Method",
                "tools/list"));

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(r.body()).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(-32022);
    assertThat(error.at("/data/supported").toString()).isEqualTo("[\"2026-07-28\"]");
    assertThat(error.at("/data/requested").asText()).isEqualTo("1900-01-01");
  }

  @Test
  void modernRequestsNeedAValidTokenAnAllowedOriginAndASmallBody() throws Exception {
    String list =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{"
            + ModernClients.meta("2026-07-28")
            + "}}";
    Map<String, String> headers =
        Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list");

    assertThat(RawHttp.post(endpoint(), list, headers).statusCode()).isEqualTo(401);
    assertThat(
            RawHttp.post(endpoint(), list, with(headers, "Authorization", "Bearer wrong-token"))
                .statusCode())
        .isEqualTo(401);
    Map<String, String> alice = with(headers, "Authorization", "Bearer " + HttpHarness.ALICE_TOKEN);
    assertThat(
            RawHttp.post(endpoint(), list, with(alice, "Origin", "http://evil.example"))
                .statusCode())
        .isEqualTo(403);
    String huge =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{"
            + ModernClients.meta("2026-07-28")
            + ",\"pad\":\""
            + "x".repeat(70 * 1024)
            + "\"}}";
    assertThat(RawHttp.post(endpoint(), huge, alice).statusCode()).isEqualTo(413);
    assertThat(RawHttp.post(endpoint(), list, alice).statusCode()).isEqualTo(200);
  }

  @Test
  void legacyAndModernClientsShareTheEndpointAndTheAuditSaysWhichIsWhich() {
    try (var legacy = gateway.client(HttpHarness.ALICE_TOKEN)) {
      legacy.initialize();
      legacy.callTool(
          new io.modelcontextprotocol.spec.McpSchema.CallToolRequest(
              "head_tool", Map.of("file_path", tools.file.toString())));
    }
    ModernClients.http(endpoint(), HttpHarness.ALICE_TOKEN)
        .tool("head_tool")
        .arguments(Map.of("file_path", tools.file.toString()))
        .call();

    assertThat(gateway.audit.closed())
        .extracting(AuditEvent::era, AuditEvent::protocolVersion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("legacy", "2025-11-25"),
            org.assertj.core.groups.Tuple.tuple("modern", "2026-07-28"));
  }

  @Test
  void progressOfALongCallComesOnItsOwnResponseStream() {
    List<McpSchema.ProgressParams> progress = new CopyOnWriteArrayList<>();
    McpSchema.CallToolResult r =
        ModernClients.http(endpoint(), HttpHarness.ALICE_TOKEN)
            .tool("ping_tool")
            .arguments(Map.of("target", "127.0.0.1", "count", 3))
            .progress(progress::add)
            .call();

    PingOutput.assertRanToItsEndAnswered(
        ((Map<?, ?>) r.structuredContent()).get("stdout").toString());
    assertThat(progress)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.message()).startsWith("running for"));
  }

  @Test
  void closingAModernCallsResponseStreamCancelsItAndKillsItsProcess() throws Exception {
    // 2026-07-28 Streamable HTTP: closing the SSE response stream is the cancellation signal
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
            + "\"arguments\":{\"target\":\"127.0.0.1\",\"count\":20},"
            + ModernClients.meta("2026-07-28").replace("}}", "},\"progressToken\":\"p11\"}")
            + "}}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint()))
            .header("Authorization", "Bearer " + HttpHarness.ALICE_TOKEN)
            .header("Content-Type", "application/json")
            .header("Accept", RawHttp.ACCEPT)
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", "tools/call")
            .header("Mcp-Name", "ping_tool")
            .POST(HttpRequest.BodyPublishers.ofString(call))
            .build();
    HttpResponse<InputStream> stream =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    try (BufferedReader events =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      // the first progress notification says the ping runs; then the client goes away
      StringBuilder seen = new StringBuilder();
      String line;
      do {
        line = events.readLine();
        seen.append(line).append('\n');
      } while (line != null && !line.contains("notifications/progress"));
      assertThat(line).as("a progress event before the stream ends: " + seen).isNotNull();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> gateway.audit.closed().stream().anyMatch(e -> "ping_tool".equals(e.tool())));
    AuditEvent closed =
        gateway.audit.closed().stream()
            .filter(e -> "ping_tool".equals(e.tool()))
            .findFirst()
            .orElseThrow();
    assertThat(closed.era()).isEqualTo("modern");
    assertThat(closed.reason())
        .as("the call ended by cancellation, not after its 20 pings")
        .contains("cancel");
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> m = new java.util.HashMap<>(headers);
    m.put(name, value);
    return m;
  }
}
