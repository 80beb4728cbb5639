package io.itmcp.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.gateway.audit.AuditJson;
import io.itmcp.gateway.audit.AuditVerifier;
import io.itmcp.gateway.testing.GatewayJar;
import io.itmcp.gateway.testing.NodeClient;
import io.itmcp.gateway.testing.PingOutput;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar with the real catalog and the local (bubblewrap) runtime, driven by the Java SDK
 * client and the TypeScript SDK client over stdio and Streamable HTTP.
 */
class GatewayJarIT {

  private static final String TOKEN = "it-token-5f1c0a";

  @TempDir Path tmp;

  private Path allowed;
  private Path file;

  private Path setUp() throws Exception {
    // under /var/tmp, not /tmp: the sandbox has a private /tmp
    allowed = Files.createTempDirectory(Path.of("/var/tmp"), "itmcp-it-");
    file = Files.writeString(allowed.resolve("hello.txt"), "hello from the real sandbox\n");
    return GatewayJar.writePolicy(tmp, allowed, 8, 600);
  }

  @org.junit.jupiter.api.AfterEach
  void removeAllowedDir() throws Exception {
    if (allowed != null) {
      try (var files = Files.walk(allowed)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  private void exercise(McpSyncClient client) {
    client.initialize();
    List<Tool> tools = client.listTools().tools();
    assertThat(tools).extracting(Tool::name).containsExactly("ping_tool", "cat_tool", "head_tool");
    assertThat(tools)
        .allSatisfy(
            t -> {
              assertThat(t.outputSchema()).isNotEmpty();
              assertThat(t.annotations().readOnlyHint()).isTrue();
            });
    CallToolResult cat =
        client.callTool(new CallToolRequest("cat_tool", Map.of("file_path", file.toString())));
    assertThat(cat.isError()).as(text(cat)).isFalse();
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) cat.structuredContent();
    assertThat(s)
        .containsEntry("stdout", "hello from the real sandbox\n")
        .containsEntry("exitCode", 0);
    CallToolResult ping =
        client.callTool(
            new CallToolRequest("ping_tool", Map.of("target", "127.0.0.1", "count", 1)));
    assertThat(text(ping)).contains("127.0.0.1");
    CallToolResult outside =
        client.callTool(new CallToolRequest("cat_tool", Map.of("file_path", "/etc/shadow")));
    assertThat(outside.isError()).isTrue();
    assertThat(text(outside))
        .contains("refused")
        .contains(allowed.toString())
        .doesNotContain("Exception");
    CallToolResult hostile =
        client.callTool(new CallToolRequest("ping_tool", Map.of("target", "127.0.0.1; id")));
    assertThat(hostile.isError()).isTrue();
    CallToolResult disabled =
        client.callTool(
            new CallToolRequest(
                "ssh_tool", Map.of("target", "127.0.0.1", "user", "root", "command", "id")));
    assertThat(disabled.isError()).isTrue();
    assertThat(text(disabled)).contains("rule tools");
  }

  private static void assertAudit(Path auditLog, int records) throws Exception {
    List<String> lines = Files.readAllLines(auditLog);
    assertThat(lines).hasSize(records);
    assertThat(
            lines.stream()
                .map(
                    l -> {
                      try {
                        return (String) AuditJson.parse(l).get("decision");
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }))
        .containsExactly("allowed", "allowed", "allowed", "allowed", "denied", "denied", "denied");
    assertThat(
            lines.stream()
                .map(
                    l -> {
                      try {
                        return (String) AuditJson.parse(l).get("phase");
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }))
        .containsExactly(
            "intent", "completion", "intent", "completion", "refusal", "refusal", "refusal");
    assertThat(AuditVerifier.verify(auditLog).intact()).isTrue();
    Process verify =
        new ProcessBuilder(GatewayJar.command("audit", "verify", auditLog.toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(verify.getInputStream().readAllBytes());
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(verify.exitValue()).as(out).isZero();
    assertThat(out).contains("intact: " + records + " records");
  }

  @Test
  void javaClientOverStdio() throws Exception {
    Path policy = setUp();
    Path auditLog = tmp.resolve("stdio-audit.jsonl");
    List<String> cmd =
        GatewayJar.command(
            "serve", "--stdio", "--policy", policy.toString(), "--audit-log", auditLog.toString());
    ServerParameters params =
        ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
    StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
    try (McpSyncClient client =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60))
            .build()) {
      exercise(client);
    }
    assertAudit(auditLog, 7);
    assertThat(Files.readString(auditLog))
        .contains("\"user\":\"" + System.getProperty("user.name") + "\"");
  }

  @Test
  void javaClientOverStreamableHttp() throws Exception {
    Path policy = setUp();
    Path auditLog = tmp.resolve("http-audit.jsonl");
    Path tokens = GatewayJar.writeTokens(tmp, "alice", TOKEN);
    try (GatewayJar.HttpProcess gw = GatewayJar.startHttp(tmp, policy, tokens, auditLog)) {
      HttpClientStreamableHttpTransport transport =
          HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + gw.port)
              .endpoint("/mcp")
              .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN))
              .build();
      try (McpSyncClient client =
          McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
        exercise(client);
      }
    }
    assertAudit(auditLog, 7);
    assertThat(Files.readString(auditLog))
        .contains("\"user\":\"alice\"")
        .contains("\"groups\":[\"netops\"]");
  }

  @Test
  void typeScriptClientOverStdioAndHttp() throws Exception {
    NodeClient.require();
    Path policy = setUp();
    List<String> stdio = new ArrayList<>(List.of("stdio", file.toString()));
    stdio.addAll(
        GatewayJar.command(
            "serve",
            "--stdio",
            "--policy",
            policy.toString(),
            "--audit-log",
            tmp.resolve("ts-stdio.jsonl").toString()));
    assertTs(NodeClient.run(stdio));
    Path tokens = GatewayJar.writeTokens(tmp, "alice", TOKEN);
    try (GatewayJar.HttpProcess gw =
        GatewayJar.startHttp(tmp, policy, tokens, tmp.resolve("ts-http.jsonl"))) {
      assertTs(NodeClient.run(List.of("http", gw.url(), TOKEN, file.toString())));
    }
  }

  @Test
  void withoutPolicyTheOriginalEnvironmentVariablesMakeIt() throws Exception {
    setUp();
    List<String> cmd =
        GatewayJar.command(
            "serve", "--stdio", "--audit-log", tmp.resolve("env-audit.jsonl").toString());
    ServerParameters params =
        ServerParameters.builder(cmd.get(0))
            .args(cmd.subList(1, cmd.size()))
            .env(
                Map.of(
                    "ALLOWED_DIRECTORIES",
                    allowed.toString(),
                    "ALLOWED_HOSTS",
                    "127.0.0.1",
                    "PATH",
                    System.getenv("PATH")))
            .build();
    try (McpSyncClient client =
        McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60))
            .build()) {
      client.initialize();
      assertThat(client.listTools().tools())
          .extracting(Tool::name)
          .contains("cat_tool", "ping_tool")
          .doesNotContain("ssh_tool", "tcpdump_tool");
      CallToolResult cat =
          client.callTool(new CallToolRequest("cat_tool", Map.of("file_path", file.toString())));
      assertThat(cat.isError()).as(text(cat)).isFalse();
      assertThat(text(cat)).contains("hello from the real sandbox");
    }
  }

  @Test
  void withoutBubblewrapItRefusesToStartUnlessAllowedAndThenWarns() throws Exception {
    Path policy = setUp();
    Path emptyBin = Files.createDirectory(tmp.resolve("no-bwrap-bin"));
    ProcessBuilder refused =
        new ProcessBuilder(GatewayJar.command("serve", "--stdio", "--policy", policy.toString()))
            .redirectErrorStream(true);
    refused.environment().put("PATH", emptyBin.toString());
    Process p = refused.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(3);
    assertThat(out).contains("refusing to start").contains("--allow-unsandboxed");

    ProcessBuilder allowedRun =
        new ProcessBuilder(
            GatewayJar.command(
                "serve",
                "--stdio",
                "--policy",
                policy.toString(),
                "--allow-unsandboxed",
                "--audit-log",
                tmp.resolve("a.jsonl").toString()));
    allowedRun.environment().put("PATH", emptyBin.toString());
    Process q = allowedRun.start();
    q.getOutputStream().close();
    String stdout = new String(q.getInputStream().readAllBytes());
    String stderr = new String(q.getErrorStream().readAllBytes());
    assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(q.exitValue()).as(stderr).isZero();
    assertThat(stderr).contains("WARNING").contains("WITHOUT a sandbox");
    assertThat(stdout).as("stdout carries MCP only").isEmpty();
  }

  @Test
  void realPingSendsProgressOverHttp() throws Exception {
    Path policy = setUp();
    Path tokens = GatewayJar.writeTokens(tmp, "alice", TOKEN);
    List<io.modelcontextprotocol.spec.McpSchema.ProgressNotification> progress =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    try (GatewayJar.HttpProcess gw =
        GatewayJar.startHttp(tmp, policy, tokens, tmp.resolve("p.jsonl"))) {
      HttpClientStreamableHttpTransport transport =
          HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + gw.port)
              .endpoint("/mcp")
              .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN))
              .build();
      try (McpSyncClient client =
          McpClient.sync(transport)
              .requestTimeout(Duration.ofSeconds(60))
              .progressConsumer(progress::add)
              .build()) {
        client.initialize();
        CallToolResult r =
            client.callTool(
                CallToolRequest.builder()
                    .name("ping_tool")
                    .arguments(Map.of("target", "127.0.0.1", "count", 3))
                    .progressToken("ping-progress")
                    .build());
        assertThat(r.isError()).as(text(r)).isFalse();
        PingOutput.assertRanToItsEndAnswered(text(r));
      }
    }
    assertThat(progress).isNotEmpty().allMatch(p -> "ping-progress".equals(p.progressToken()));
  }

  @Test
  void cancellationOverStdioKillsTheRealProcess() throws Exception {
    Path policy = setUp();
    Path auditLog = tmp.resolve("cancel.jsonl");
    Process gw =
        new ProcessBuilder(
                GatewayJar.command(
                    "serve",
                    "--stdio",
                    "--policy",
                    policy.toString(),
                    "--audit-log",
                    auditLog.toString()))
            .redirectError(tmp.resolve("cancel.err").toFile())
            .start();
    try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(gw.getInputStream()));
        var out = gw.getOutputStream()) {
      java.util.function.Consumer<String> send =
          line -> {
            try {
              out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
              out.flush();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          };
      send.accept(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
              + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      assertThat(in.readLine()).contains("itmcp-gateway");
      send.accept("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      long t0 = System.nanoTime();
      send.accept(
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
              + "\"arguments\":{\"target\":\"127.0.0.1\",\"count\":20}}}");
      // cancelled once the ping runs (the call is registered for cancellation before its process
      // starts)
      await("ping starts")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> gw.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("ping")));
      send.accept(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":2}}");
      String line;
      String response = null;
      while ((line = in.readLine()) != null) {
        if (line.contains("\"id\":2")) {
          response = line;
          break;
        }
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      assertThat(response).contains("cancelled").contains("\"isError\":true");
      assertThat(seconds).as("ping -c 20 was killed, not waited for").isLessThan(12);
    } finally {
      gw.destroy();
      gw.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(auditLog))
        .contains("\"decision\":\"failed\"")
        .contains("cancelled by the client");
  }

  /**
   * Issue 17 item 5: SIGKILL four seconds into a twenty-packet ping must leave a trace that verify
   * reports.
   */
  @Test
  void aGatewayKilledDuringARealPingLeavesAnIntentVerifyReportsUnfinished() throws Exception {
    Path policy = setUp();
    Path auditLog = tmp.resolve("killed.jsonl");
    Process gw =
        new ProcessBuilder(
                GatewayJar.command(
                    "serve",
                    "--stdio",
                    "--policy",
                    policy.toString(),
                    "--audit-log",
                    auditLog.toString()))
            .redirectError(tmp.resolve("killed.err").toFile())
            .start();
    List<ProcessHandle> children = List.of();
    try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(gw.getInputStream()));
        var out = gw.getOutputStream()) {
      out.write(
          ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                  + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                  + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                  + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
                  + "\"arguments\":{\"target\":\"127.0.0.1\",\"count\":20}}}\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.flush();
      assertThat(in.readLine()).contains("itmcp-gateway");
      await("ping starts")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> gw.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("ping")));
      children = gw.descendants().toList();
      gw.destroyForcibly();
      assertThat(gw.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      gw.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
    AuditVerifier.Result r = AuditVerifier.verify(auditLog);
    assertThat(r.intact()).isTrue();
    assertThat(r.unfinished())
        .singleElement()
        .satisfies(u -> assertThat(u.tool()).isEqualTo("ping_tool"));
    Process verify =
        new ProcessBuilder(GatewayJar.command("audit", "verify", auditLog.toString()))
            .redirectErrorStream(true)
            .start();
    String printed = new String(verify.getInputStream().readAllBytes());
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(verify.exitValue()).as(printed).isEqualTo(3);
    assertThat(printed).contains("unfinished callId " + r.unfinished().get(0).callId());
  }

  /** What client.mjs saw; the only TypeScript-over-stdio test (it once also ran in-process). */
  private static void assertTs(JsonNode out) {
    NodeClient.assertListed(out, "ping_tool", "cat_tool", "head_tool");
    assertThat(out.at("/call/isError").asBoolean()).isFalse();
    assertThat(out.at("/call/structuredContent/stdout").asText())
        .isEqualTo("hello from the real sandbox\n");
    assertThat(out.at("/call/structuredContent/exitCode").asInt()).isZero();
    assertThat(out.at("/refused/isError").asBoolean()).isTrue();
    assertThat(out.at("/refused/text").asText()).startsWith("refused");
  }
}
