package io.itmcp.gateway.http;

import static io.itmcp.gateway.testing.HttpHarness.ALICE_TOKEN;
import static io.itmcp.gateway.testing.HttpHarness.BOB_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.audit.AuditEvent.Phase;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.HttpHarness;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.RawHttp;
import io.itmcp.gateway.testing.TestPolicies;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Streamable HTTP transport end to end with the Java SDK client and raw requests. */
class HttpGatewayTest {

  @TempDir Path tmp;

  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private HttpHarness harness;

  private HttpHarness start(int perUser, int callsPerMinute, int maxBody) throws Exception {
    harness =
        new HttpHarness(
            TestPolicies.policy(
                EnumSet.of(ToolName.CAT, ToolName.PING),
                TestPolicies.limits(perUser, callsPerMinute)),
            FakeTools.catalog(),
            runtime,
            null,
            maxBody);
    return harness;
  }

  private HttpHarness start() throws Exception {
    return start(3, 600, 64 * 1024);
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @Test
  void listsOnlyEnabledToolsWithSchemasAndAnnotations() throws Exception {
    start();
    try (McpSyncClient client = harness.client(ALICE_TOKEN)) {
      client.initialize();
      List<Tool> tools = client.listTools().tools();
      assertThat(tools).extracting(Tool::name).containsExactly("ping_tool", "cat_tool");
      Tool cat = tools.get(1);
      assertThat(cat.inputSchema())
          .containsEntry("additionalProperties", false)
          .containsEntry("required", List.of("file_path"));
      assertThat(cat.outputSchema()).containsKey("properties");
      assertThat(cat.annotations().readOnlyHint()).isTrue();
      assertThat(cat.annotations().openWorldHint()).isFalse();
      assertThat(tools.get(0).annotations().openWorldHint()).isTrue();
    }
  }

  @Test
  void aCallRunsInTheSessionSandboxAndReturnsStructuredContent() throws Exception {
    start();
    Path file = Files.writeString(tmp.resolve("hello.txt"), "hello from the sandbox\n");
    try (McpSyncClient client = harness.client(ALICE_TOKEN)) {
      client.initialize();
      CallToolResult r =
          client.callTool(new CallToolRequest("cat_tool", Map.of("file_path", file.toString())));
      assertThat(r.isError()).isFalse();
      assertThat(text(r)).contains("hello from the sandbox").contains("[exit code 0");
      @SuppressWarnings("unchecked")
      Map<String, Object> s = (Map<String, Object>) r.structuredContent();
      assertThat(s)
          .containsEntry("exitCode", 0)
          .containsEntry("stdout", "hello from the sandbox\n")
          .containsEntry("stderr", "")
          .containsEntry("truncated", false)
          .containsKey("durationMs");
    }
    assertThat(runtime.executed).containsExactly(List.of("cat", "--", file.toString()));
    assertThat(runtime.opened)
        .as("the caller's sandbox: user, policy, client name")
        .containsExactly("alice/test-policy/itmcp-test");
    assertThat(harness.audit.events)
        .extracting(AuditEvent::phase)
        .containsExactly(Phase.INTENT, Phase.COMPLETION);
    AuditEvent intent = harness.audit.events.get(0);
    assertThat(intent.argv()).containsExactly("cat", "--", file.toString());
    assertThat(intent.exitCode()).isNull();
    AuditEvent e = harness.audit.events.get(1);
    assertThat(e.callId()).isEqualTo(intent.callId());
    assertThat(e.truncated()).isFalse();
    assertThat(e.user()).isEqualTo("alice");
    assertThat(e.groups()).containsExactly("netops");
    assertThat(e.decision()).isEqualTo(Decision.ALLOWED);
    assertThat(e.exitCode()).isZero();
    assertThat(e.argv()).containsExactly("cat", "--", file.toString());
    assertThat(e.outputBytes()).isEqualTo("hello from the sandbox\n".length());
    assertThat(e.session()).as("the audit names the MCP session the call came in").isNotBlank();
  }

  @Test
  void aRefusedCallIsAnErrorResultAuditedAsDeniedAndRunsNothing() throws Exception {
    start();
    try (McpSyncClient client = harness.client(ALICE_TOKEN)) {
      client.initialize();
      CallToolResult option =
          client.callTool(new CallToolRequest("cat_tool", Map.of("file_path", "-rf")));
      CallToolResult outside =
          client.callTool(new CallToolRequest("cat_tool", Map.of("file_path", "/forbidden/x")));
      CallToolResult unknownField =
          client.callTool(
              new CallToolRequest("cat_tool", Map.of("file_path", "/tmp/x", "extra", 1)));
      for (CallToolResult r : List.of(option, outside, unknownField)) {
        assertThat(r.isError()).isTrue();
        assertThat(text(r))
            .startsWith("refused")
            .doesNotContain("Exception")
            .doesNotContain("\tat ");
        assertThat(r.structuredContent()).isNull();
      }
      assertThat(text(outside)).contains("allowed: /tmp");
      CallToolResult disabled =
          client.callTool(new CallToolRequest("ssh_tool", Map.of("target", "h")));
      assertThat(disabled.isError()).isTrue();
      assertThat(text(disabled))
          .contains("ssh_tool is not enabled by policy 'test-policy' (rule tools)");
      assertThatThrownBy(() -> client.callTool(new CallToolRequest("rm_tool", Map.of())))
          .hasMessageContaining(
              "Unknown tool: rm_tool; the tools enabled by policy 'test-policy' are ping_tool, cat_tool");
    }
    assertThat(runtime.executed).isEmpty();
    assertThat(runtime.opened).isEmpty();
    // the unknown tool too: the gateway answers it with the tools that exist, and audits it
    assertThat(harness.audit.events)
        .hasSize(5)
        .allMatch(
            e ->
                e.decision() == Decision.DENIED
                    && e.argv().isEmpty()
                    && e.phase() == Phase.REFUSAL
                    && e.user().equals("alice")
                    && e.session() != null);
    assertThat(harness.audit.events.get(4).tool()).isEqualTo("rm_tool");
    assertThat(harness.audit.events.get(4).reason()).contains("unknown tool 'rm_tool'");
  }

  @Test
  void withoutATokenOrWithAWrongOneTheAnswerIs401() throws Exception {
    start();
    String url = harness.baseUrl() + "/mcp";
    HttpResponse<String> none = RawHttp.post(url, RawHttp.initializeBody(1), Map.of());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    HttpResponse<String> wrong =
        RawHttp.post(
            url, RawHttp.initializeBody(1), Map.of("Authorization", "Bearer " + ALICE_TOKEN + "x"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    HttpResponse<String> basic =
        RawHttp.post(url, RawHttp.initializeBody(1), Map.of("Authorization", "Basic YTpi"));
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThatThrownBy(
            () -> {
              try (McpSyncClient c = harness.client("not-a-token")) {
                c.initialize();
              }
            })
        .isInstanceOf(RuntimeException.class);
    assertThat(harness.sessions.liveSessions()).isZero();
  }

  @Test
  void anotherUsersSessionIdIsRefusedAs404() throws Exception {
    start();
    String url = harness.baseUrl() + "/mcp";
    HttpResponse<String> init =
        RawHttp.post(
            url, RawHttp.initializeBody(1), Map.of("Authorization", "Bearer " + ALICE_TOKEN));
    assertThat(init.statusCode()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}";
    String initialized = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    assertThat(
            RawHttp.post(
                    url,
                    initialized,
                    Map.of("Authorization", "Bearer " + ALICE_TOKEN, "Mcp-Session-Id", session))
                .statusCode())
        .isEqualTo(202);

    HttpResponse<String> asBob =
        RawHttp.post(
            url, list, Map.of("Authorization", "Bearer " + BOB_TOKEN, "Mcp-Session-Id", session));
    assertThat(asBob.statusCode()).isEqualTo(404);
    HttpResponse<String> bobDelete =
        RawHttp.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + BOB_TOKEN)
                .header("Mcp-Session-Id", session)
                .DELETE()
                .build());
    assertThat(bobDelete.statusCode()).isEqualTo(404);
    HttpResponse<String> asAlice =
        RawHttp.post(
            url, list, Map.of("Authorization", "Bearer " + ALICE_TOKEN, "Mcp-Session-Id", session));
    assertThat(asAlice.statusCode()).isEqualTo(200);
    assertThat(asAlice.body()).contains("cat_tool");
    HttpResponse<String> made =
        RawHttp.post(
            url,
            list,
            Map.of("Authorization", "Bearer " + ALICE_TOKEN, "Mcp-Session-Id", "made-up-session"));
    assertThat(made.statusCode()).isEqualTo(404);

    HttpResponse<String> aliceDelete =
        RawHttp.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + ALICE_TOKEN)
                .header("Mcp-Session-Id", session)
                .DELETE()
                .build());
    assertThat(aliceDelete.statusCode()).isEqualTo(200);
    assertThat(harness.sessions.find(session)).isEmpty();
    assertThat(
            RawHttp.post(
                    url,
                    list,
                    Map.of("Authorization", "Bearer " + ALICE_TOKEN, "Mcp-Session-Id", session))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void dnsRebindingIsRefusedByHostAndOriginChecks() throws Exception {
    start();
    int port = harness.gateway.port();
    String body = RawHttp.initializeBody(1);
    String head =
        "POST /mcp HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer "
            + ALICE_TOKEN
            + "\r\nContent-Type: application/json\r\nAccept: "
            + RawHttp.ACCEPT
            + "\r\n%sContent-Length: "
            + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            + "\r\nConnection: close\r\n\r\n";
    assertThat(RawHttp.rawStatusLine(port, head.formatted("evil.example:" + port, ""), body))
        .contains(" 403");
    assertThat(RawHttp.rawStatusLine(port, head.formatted("127.0.0.1.evil.example", ""), body))
        .contains(" 403");
    assertThat(
            RawHttp.rawStatusLine(
                port, head.formatted("localhost:" + port, "Origin: http://evil.example\r\n"), body))
        .contains(" 403");
    assertThat(
            RawHttp.rawStatusLine(
                port, head.formatted("localhost:" + port, "Origin: null\r\n"), body))
        .contains(" 403");
    assertThat(
            RawHttp.rawStatusLine(
                port,
                head.formatted("localhost:" + port, "Origin: http://localhost:" + port + "\r\n"),
                body))
        .contains(" 200");
    assertThat(RawHttp.rawStatusLine(port, head.formatted("127.0.0.1:" + port, ""), body))
        .contains(" 200");
  }

  @Test
  void bodiesOverTheCapGet413() throws Exception {
    start(3, 600, 4096);
    String url = harness.baseUrl() + "/mcp";
    String big =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"pad\":\""
            + "x".repeat(5000)
            + "\"}}";
    HttpResponse<String> r =
        RawHttp.post(url, big, Map.of("Authorization", "Bearer " + ALICE_TOKEN));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("4096");
    assertThat(harness.sessions.liveSessions()).isZero();
    HttpResponse<String> chunked =
        RawHttp.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + ALICE_TOKEN)
                .header("Content-Type", "application/json")
                .header("Accept", RawHttp.ACCEPT)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () ->
                            new java.io.ByteArrayInputStream(
                                big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build());
    assertThat(chunked.statusCode()).isEqualTo(413);
  }

  @Test
  void callsPerMinuteAreLimitedWithAClearError() throws Exception {
    start(3, 2, 64 * 1024);
    Path file = Files.writeString(tmp.resolve("f.txt"), "x");
    try (McpSyncClient client = harness.client(ALICE_TOKEN)) {
      client.initialize();
      CallToolRequest call = new CallToolRequest("cat_tool", Map.of("file_path", file.toString()));
      assertThat(client.callTool(call).isError()).isFalse();
      assertThat(client.callTool(call).isError()).isFalse();
      CallToolResult third = client.callTool(call);
      assertThat(third.isError()).isTrue();
      assertThat(text(third))
          .contains("rate limit")
          .contains("2 tool calls per minute")
          .contains("limits.callsPerMinute")
          .containsPattern("retry in \\d+s");
    }
    assertThat(runtime.executed).hasSize(2);
    assertThat(harness.audit.events)
        .extracting(AuditEvent::phase, AuditEvent::decision)
        .containsExactly(
            tuple(Phase.INTENT, Decision.ALLOWED),
            tuple(Phase.COMPLETION, Decision.ALLOWED),
            tuple(Phase.INTENT, Decision.ALLOWED),
            tuple(Phase.COMPLETION, Decision.ALLOWED),
            tuple(Phase.REFUSAL, Decision.DENIED));
  }

  @Test
  void sixInspectorStyleClientsOfOneUserThatNeverCloseTheirSessionAllWork() throws Exception {
    harness =
        new HttpHarness(
            TestPolicies.policy(
                EnumSet.of(ToolName.CAT, ToolName.PING), TestPolicies.limits(1, 600)),
            FakeTools.catalog(),
            runtime,
            null,
            64 * 1024,
            new io.itmcp.gateway.session.LegacySessionBounds(4, 100));
    Path file = Files.writeString(tmp.resolve("f.txt"), "x");
    String url = harness.baseUrl() + "/mcp";
    List<String> sessions = new java.util.ArrayList<>();
    for (int run = 1; run <= 6; run++) {
      // as the Inspector CLI does: initialize, one call, exit without DELETE
      String session = initializeRaw(url, ALICE_TOKEN);
      sessions.add(session);
      HttpResponse<String> call =
          RawHttp.post(url, catCall(run, file), inSession(ALICE_TOKEN, session));
      assertThat(call.statusCode()).as("run " + run + ": " + call.body()).isEqualTo(200);
      assertThat(call.body()).contains("[exit code 0");
    }
    assertThat(harness.sessions.liveSessions("alice"))
        .as("the bound of 4 legacy sessions per user")
        .isEqualTo(4);
    assertThat(runtime.opened)
        .as("one sandbox for all six: maxSessionsPerUser 1 counts sandboxes")
        .hasSize(1);

    // the first (least recently used) was forgotten: 404, as for any unknown session, and
    // initialize works again
    HttpResponse<String> stale =
        RawHttp.post(url, catCall(7, file), inSession(ALICE_TOKEN, sessions.get(0)));
    assertThat(stale.statusCode()).isEqualTo(404);
    assertThat(stale.body()).contains("send initialize to start one");
    String again = initializeRaw(url, ALICE_TOKEN);
    assertThat(RawHttp.post(url, catCall(8, file), inSession(ALICE_TOKEN, again)).body())
        .contains("[exit code 0");
    assertThat(runtime.opened).hasSize(1);
  }

  @Test
  void aNewSessionDoesNotResetTheCallBudget() throws Exception {
    start(3, 2, 64 * 1024);
    Path file = Files.writeString(tmp.resolve("f.txt"), "x");
    String url = harness.baseUrl() + "/mcp";
    String first = initializeRaw(url, ALICE_TOKEN);
    assertThat(RawHttp.post(url, catCall(1, file), inSession(ALICE_TOKEN, first)).body())
        .contains("[exit code 0");
    assertThat(RawHttp.post(url, catCall(2, file), inSession(ALICE_TOKEN, first)).body())
        .contains("[exit code 0");

    String second = initializeRaw(url, ALICE_TOKEN);
    String refused = RawHttp.post(url, catCall(3, file), inSession(ALICE_TOKEN, second)).body();

    assertThat(refused)
        .contains("rate limit reached")
        .contains("user 'alice' may make 2 tool calls per minute")
        .contains("counted across all MCP sessions");
    String bobs =
        RawHttp.post(url, catCall(4, file), inSession(BOB_TOKEN, initializeRaw(url, BOB_TOKEN)))
            .body();
    assertThat(bobs).as("another user has a budget of their own").contains("[exit code 0");
  }

  private static String initializeRaw(String url, String token) throws Exception {
    HttpResponse<String> init =
        RawHttp.post(url, RawHttp.initializeBody(1), Map.of("Authorization", "Bearer " + token));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    RawHttp.post(
        url,
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        inSession(token, session));
    return session;
  }

  private static Map<String, String> inSession(String token, String session) {
    return Map.of("Authorization", "Bearer " + token, "Mcp-Session-Id", session);
  }

  private static String catCall(int id, Path file) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\","
        + "\"arguments\":{\"file_path\":\""
        + file
        + "\"}}}";
  }

  @Test
  void longCallsSendProgressNotifications() throws Exception {
    start();
    List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient client =
        harness.client(ALICE_TOKEN, spec -> spec.progressConsumer(progress::add))) {
      client.initialize();
      CallToolResult r =
          client.callTool(
              CallToolRequest.builder()
                  .name("ping_tool")
                  .arguments(Map.of("target", "127.0.0.1", "count", 2))
                  .progressToken("tok-1")
                  .build());
      assertThat(r.isError()).isFalse();
    }
    assertThat(progress).isNotEmpty().allMatch(p -> "tok-1".equals(p.progressToken()));
    assertThat(progress).extracting(ProgressNotification::progress).isSorted();
  }

  @Test
  void cancellationKillsTheRunningProcess() throws Exception {
    start();
    String url = harness.baseUrl() + "/mcp";
    Map<String, String> alice = Map.of("Authorization", "Bearer " + ALICE_TOKEN);
    String session =
        RawHttp.post(url, RawHttp.initializeBody(1), alice)
            .headers()
            .firstValue("Mcp-Session-Id")
            .orElseThrow();
    Map<String, String> inSession =
        Map.of("Authorization", "Bearer " + ALICE_TOKEN, "Mcp-Session-Id", session);
    RawHttp.post(url, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", inSession);
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":\"call-7\",\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
            + "\"arguments\":{\"target\":\"127.0.0.1\",\"count\":20}}}";
    long t0 = System.nanoTime();
    CompletableFuture<HttpResponse<String>> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return RawHttp.post(url, call, inSession);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    // the call is registered for cancellation before its process starts
    waitUntil(() -> !runtime.executed.isEmpty());
    // bob cannot cancel alice's call, even knowing both ids
    String cancel =
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"call-7\"}}";
    assertThat(
            RawHttp.post(
                    url,
                    cancel,
                    Map.of("Authorization", "Bearer " + BOB_TOKEN, "Mcp-Session-Id", session))
                .statusCode())
        .isEqualTo(404);
    assertThat(RawHttp.post(url, cancel, inSession).statusCode()).isEqualTo(202);
    HttpResponse<String> r = running.get(15, TimeUnit.SECONDS);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    assertThat(seconds).as("the 20 s command was killed, not waited for").isLessThan(15);
    assertThat(runtime.killed).hasSize(1);
    waitUntil(() -> !runtime.killed.get(0).isAlive());
    assertThat(r.body()).contains("cancelled");
    assertThat(harness.audit.events)
        .extracting(AuditEvent::phase)
        .containsExactly(Phase.INTENT, Phase.COMPLETION);
    assertThat(harness.audit.events.get(1).decision()).isEqualTo(Decision.FAILED);
    assertThat(harness.audit.events.get(1).reason()).contains("cancelled");
  }

  @Test
  void anIdleSessionEndsAnswers404AfterwardsAndItsCallerKeepsTheSandbox() throws Exception {
    harness =
        new HttpHarness(
            TestPolicies.policy(
                EnumSet.of(ToolName.CAT),
                new io.itmcp.policy.Limits(
                    10,
                    5,
                    600,
                    java.time.Duration.ofSeconds(10),
                    65536,
                    java.time.Duration.ofHours(1),
                    java.time.Duration.ofMillis(300))),
            FakeTools.catalog(),
            runtime,
            null,
            65536);
    Path file = Files.writeString(tmp.resolve("f.txt"), "x");
    String url = harness.baseUrl() + "/mcp";
    String session = initializeRaw(url, ALICE_TOKEN);
    assertThat(RawHttp.post(url, catCall(1, file), inSession(ALICE_TOKEN, session)).body())
        .contains("[exit code 0");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(
            () -> {
              harness.sessions.reap();
              return harness.sessions.find(session).isEmpty();
            });
    assertThat(runtime.closed)
        .as("the sandbox is the caller's; the operator's idle timeout ends it")
        .isEmpty();
    HttpResponse<String> after =
        RawHttp.post(
            url,
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}",
            inSession(ALICE_TOKEN, session));
    assertThat(after.statusCode()).isEqualTo(404);
    assertThat(after.body()).contains("send initialize to start one");
  }

  @Test
  void healthzAnswers200WithoutAToken() throws Exception {
    start();
    HttpResponse<String> r =
        RawHttp.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/healthz")).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok\n");
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .pollInterval(java.time.Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }
}
