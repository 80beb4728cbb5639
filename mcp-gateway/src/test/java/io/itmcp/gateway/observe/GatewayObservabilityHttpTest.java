package io.itmcp.gateway.observe;

import static io.itmcp.gateway.testing.HttpHarness.ALICE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.http.HttpLimits;
import io.itmcp.gateway.session.LegacySessionBounds;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.HttpHarness;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.RawHttp;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.testkit.observe.MonitoringOverlay;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's /metrics and spans, from a real HTTP gateway: exact series after a scripted
 * sequence of calls, the span tree under an incoming traceparent (header and _meta), and a bounded
 * number of series under hostile input.
 */
class GatewayObservabilityHttpTest {

  private static final String HEADER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String HEADER_SPAN = "00f067aa0ba902b7";
  private static final String META_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String META_SPAN = "b7ad6b7169203331";

  @TempDir Path tmp;

  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  private final Observability observability =
      new Observability(GatewayMetrics.prometheus(), GatewayTracing.with(otel));
  private HttpHarness harness;

  private HttpHarness start() throws Exception {
    AuditSink discard = event -> {};
    harness =
        new HttpHarness(
            TestPolicies.policy(
                EnumSet.of(ToolName.CAT, ToolName.PING), TestPolicies.limits(3, 600)),
            FakeTools.catalog(),
            runtime,
            new TimedAuditSink(discard, observability.metrics()),
            64 * 1024,
            HttpLimits.defaults(),
            LegacySessionBounds.defaults(),
            observability);
    return harness;
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    otel.close();
  }

  private McpSyncClient client(String token, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder().header("Authorization", "Bearer " + token);
    headers.forEach(request::header);
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(harness.baseUrl())
            .endpoint("/mcp")
            .requestBuilder(request)
            .build();
    return McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(30))
        .clientInfo(new McpSchema.Implementation("itmcp-test", "1"))
        .build();
  }

  /** The SDK answers a call to a tool it has no handler for with a JSON-RPC error. */
  private static void callUnknown(McpSyncClient client, String tool) {
    assertThatThrownBy(
            () -> client.callTool(new CallToolRequest(tool, Map.of("host", tool + ".example"))))
        .isInstanceOf(McpError.class);
  }

  private HttpResponse<String> scrape() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/metrics")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** Every sample of the scrape: {@code name{label="value",...}} to its value. */
  static Map<String, Double> samples(String scrape) {
    Map<String, Double> out = new TreeMap<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return out;
  }

  private static String series(String name, Map<String, String> labels) {
    return name
        + new TreeMap<>(labels)
            .entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
  }

  private static String toolCalls(String tool, String decision, String rule) {
    return series(
        "itmcp_gateway_tool_calls_total",
        Map.of("tool", tool, "decision", decision, "rule", rule, "era", GatewayMetrics.ERA_LEGACY));
  }

  @Test
  void aScriptedSequenceOfCallsShowsAsExactSeries() throws Exception {
    start();
    Path file = Files.writeString(tmp.resolve("notes.txt"), "hello\n");
    try (McpSyncClient alice = client(ALICE_TOKEN, Map.of())) {
      alice.initialize();
      alice.callTool(new CallToolRequest("cat_tool", Map.of("file_path", file.toString())));
      alice.callTool(new CallToolRequest("cat_tool", Map.of("file_path", file.toString())));
      alice.callTool(new CallToolRequest("cat_tool", Map.of("file_path", "/forbidden/x")));
      alice.callTool(new CallToolRequest("ssh_tool", Map.of("host", "db", "command", "uptime")));
      callUnknown(alice, "no_such_tool");
      assertThat(
              RawHttp.post(
                      harness.baseUrl() + "/mcp",
                      RawHttp.initializeBody(1),
                      Map.of("Authorization", "Bearer wrong-token"))
                  .statusCode())
          .isEqualTo(401);

      HttpResponse<String> response = scrape();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      Map<String, Double> s = samples(response.body());

      assertThat(s)
          .containsEntry(toolCalls("cat_tool", "allowed", "none"), 2.0)
          .containsEntry(toolCalls("cat_tool", "denied", "arguments"), 1.0)
          .containsEntry(toolCalls("ssh_tool", "denied", "tools"), 1.0)
          .containsEntry(toolCalls("unknown", "denied", "unknownTool"), 1.0)
          .containsEntry(
              series("itmcp_gateway_auth_failures_total", Map.of("kind", "authentication")), 1.0)
          .containsEntry("itmcp_gateway_mcp_sessions", 1.0)
          .containsEntry("itmcp_gateway_sandboxes", 1.0)
          // both allowed calls checked, waited for and ran; the refused cat was checked
          .containsEntry(
              series("itmcp_gateway_call_step_seconds_count", Map.of("step", "policy_check")), 4.0)
          .containsEntry(
              series("itmcp_gateway_call_step_seconds_count", Map.of("step", "sandbox_wait")), 2.0)
          .containsEntry(
              series("itmcp_gateway_call_step_seconds_count", Map.of("step", "exec")), 2.0)
          // two allowed calls: intent and completion each; two refusals by the handler, one unknown
          // tool
          .containsEntry(
              series("itmcp_gateway_audit_write_seconds_count", Map.of("outcome", "ok")), 7.0);
      assertThat(s.keySet())
          .anyMatch(
              k ->
                  k.startsWith("itmcp_gateway_call_step_seconds_bucket{le=")
                      || k.startsWith("itmcp_gateway_call_step_seconds_bucket{"));
      assertThat(s.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes"));
    }
  }

  @Test
  void everyGatewayMetricTheAlertsAndTheDashboardUseExists() throws Exception {
    start();
    java.util.Set<String> names = MonitoringOverlay.metricNames("itmcp_gateway_[a-z_]+");
    assertThat(names)
        .contains(
            "itmcp_gateway_tool_calls_total",
            "itmcp_gateway_sandbox_start_failures_total",
            "itmcp_gateway_audit_write_seconds_count",
            "itmcp_gateway_auth_failures_total");
    // before any call: the alerted series exist at zero
    java.util.Set<String> scraped =
        samples(scrape().body()).keySet().stream()
            .map(k -> k.contains("{") ? k.substring(0, k.indexOf('{')) : k)
            .collect(Collectors.toSet());
    try (McpSyncClient alice = client(ALICE_TOKEN, Map.of())) {
      alice.initialize();
      alice.callTool(new CallToolRequest("cat_tool", Map.of("file_path", "/forbidden/x")));
    }
    samples(scrape().body())
        .keySet()
        .forEach(k -> scraped.add(k.contains("{") ? k.substring(0, k.indexOf('{')) : k));
    assertThat(scraped).containsAll(names);
  }

  @Test
  void aTraceparentInTheHeaderOrInMetaIsContinuedIntoTheCallsSpansAndTheAudit() throws Exception {
    start();
    Path file = Files.writeString(tmp.resolve("notes.txt"), "hello\n");
    String headerParent = "00-" + HEADER_TRACE + "-" + HEADER_SPAN + "-01";
    try (McpSyncClient alice = client(ALICE_TOKEN, Map.of("traceparent", headerParent))) {
      alice.initialize();
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("traceparent", "00-" + META_TRACE + "-" + META_SPAN + "-01");
      meta.put("tracestate", "congo=t61rcWkgMzE");
      alice.callTool(new CallToolRequest("cat_tool", Map.of("file_path", file.toString()), meta));
      alice.callTool(new CallToolRequest("cat_tool", Map.of("file_path", file.toString())));
    }
    List<SpanData> finished = spans.getFinishedSpanItems();
    List<SpanData> calls =
        finished.stream().filter(sp -> sp.getName().equals("tools/call cat_tool")).toList();
    assertThat(calls).hasSize(2);
    SpanData metaCall =
        calls.stream().filter(sp -> sp.getTraceId().equals(META_TRACE)).findFirst().orElseThrow();
    SpanData headerCall =
        calls.stream().filter(sp -> sp.getTraceId().equals(HEADER_TRACE)).findFirst().orElseThrow();
    assertThat(metaCall.getParentSpanId()).isEqualTo(META_SPAN);
    assertThat(metaCall.getSpanContext().getTraceState().get("congo")).isEqualTo("t61rcWkgMzE");
    assertThat(headerCall.getParentSpanId()).isEqualTo(HEADER_SPAN);
    for (SpanData call : List.of(metaCall, headerCall)) {
      assertThat(
              finished.stream()
                  .filter(sp -> sp.getParentSpanId().equals(call.getSpanId()))
                  .map(SpanData::getName))
          .containsExactly("itmcp.policy_check", "itmcp.sandbox_ready", "itmcp.exec");
    }
    assertThat(finished)
        .filteredOn(sp -> sp.getName().equals("itmcp.authenticate"))
        .isNotEmpty()
        .allSatisfy(
            sp -> {
              assertThat(sp.getTraceId()).isEqualTo(HEADER_TRACE);
              assertThat(sp.getParentSpanId()).isEqualTo(HEADER_SPAN);
            });
    assertThat(harness.audit.events)
        .filteredOn(e -> e.tool() != null)
        .extracting(AuditEvent::traceId)
        .containsExactly(META_TRACE, META_TRACE, HEADER_TRACE, HEADER_TRACE);
  }

  @Test
  void hostileToolNamesPathsAndHostsDoNotGrowTheSeries() throws Exception {
    start();
    Random random = new Random(16);
    List<String> hostile = new java.util.ArrayList<>();
    try (McpSyncClient alice = client(ALICE_TOKEN, Map.of())) {
      alice.initialize();
      hostileRound(alice, random, hostile);
      long seriesAfterOneRound = gatewaySeries(samples(scrape().body()));
      for (int i = 0; i < 15; i++) {
        hostileRound(alice, random, hostile);
      }
      String body = scrape().body();
      Map<String, Double> s = samples(body);
      assertThat(hostile).noneMatch(body::contains);
      assertThat(s.keySet().stream().filter(k -> k.startsWith("itmcp_gateway_tool_calls_total")))
          .containsExactlyInAnyOrder(
              toolCalls("unknown", "denied", "unknownTool"),
              toolCalls("cat_tool", "denied", "arguments"),
              toolCalls("cat_tool", "allowed", "none"),
              toolCalls("ssh_tool", "denied", "tools"));
      assertThat(s).containsEntry(toolCalls("unknown", "denied", "unknownTool"), 16.0);
      // every label is from a fixed set: fifteen more rounds of random names, paths and hosts add
      // no series
      assertThat(gatewaySeries(s)).isEqualTo(seriesAfterOneRound);
    }
  }

  private static long gatewaySeries(Map<String, Double> samples) {
    return samples.keySet().stream().filter(k -> k.startsWith("itmcp_gateway_")).count();
  }

  private void hostileRound(McpSyncClient alice, Random random, List<String> hostile) {
    String junk = "x" + Long.toHexString(random.nextLong());
    hostile.add(junk);
    callUnknown(alice, "tool_" + junk);
    alice.callTool(new CallToolRequest("cat_tool", Map.of("file_path", "/forbidden/" + junk)));
    alice.callTool(
        new CallToolRequest("cat_tool", Map.of("file_path", tmp.resolve(junk).toString())));
    alice.callTool(new CallToolRequest("ssh_tool", Map.of("host", junk, "command", junk)));
  }
}
