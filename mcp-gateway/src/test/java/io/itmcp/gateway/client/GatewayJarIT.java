package io.itmcp.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.itmcp.gateway.audit.AuditVerifier;
import io.itmcp.gateway.testing.GatewayJar;
import io.itmcp.gateway.testing.NodeClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar with the real catalog and the local (bubblewrap) runtime over stdio, driven by the
 * Java SDK client, the TypeScript SDK client and raw JSON-RPC; each case starts the jar it needs.
 * Streamable HTTP: {@link GatewayJarHttpIT}, one gateway for its cases.
 */
class GatewayJarIT {

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

  @Test
  void javaClientOverStdio() throws Exception {
    Path policy = setUp();
    Path auditLog = tmp.resolve("stdio-audit.jsonl");
    List<String> cmd = GatewayJar.stdio(policy, auditLog);
    ServerParameters params =
        ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
    StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
    try (McpSyncClient client =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60))
            .build()) {
      JarCalls.exercise(client, allowed, file);
    }
    JarCalls.assertExerciseAudited(auditLog, 0);
    assertThat(Files.readString(auditLog))
        .contains("\"user\":\"" + System.getProperty("user.name") + "\"");
  }

  /** The only TypeScript-over-stdio test (it once also ran in-process); HTTP: GatewayJarHttpIT. */
  @Test
  void typeScriptClientOverStdio() throws Exception {
    NodeClient.require();
    Path policy = setUp();
    List<String> stdio = new ArrayList<>(List.of("stdio", file.toString()));
    stdio.addAll(GatewayJar.stdio(policy, tmp.resolve("ts-stdio.jsonl")));
    JarCalls.assertTs(NodeClient.run(stdio));
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
      assertThat(cat.isError()).as(JarCalls.text(cat)).isFalse();
      assertThat(JarCalls.text(cat)).contains("hello from the real sandbox");
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

  /**
   * One stdio gateway, two real pings of twenty packets: the first is cancelled and its process
   * killed; the gateway is SIGKILLed during the second, which must leave a trace that verify
   * reports (issue 17 item 5). One gateway for both: a start of the jar costs over a CPU-second.
   */
  @Test
  void aCancelledRealPingIsKilledAndAGatewayKilledDuringTheNextLeavesAnUnfinishedIntent()
      throws Exception {
    Path policy = setUp();
    Path auditLog = tmp.resolve("cancel-then-kill.jsonl");
    Process gw =
        new ProcessBuilder(GatewayJar.stdio(policy, auditLog))
            .redirectError(tmp.resolve("cancel-then-kill.err").toFile())
            .start();
    Callable<Boolean> pingRuns =
        () -> gw.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("ping"));
    List<ProcessHandle> children = List.of();
    try (var in = new BufferedReader(new InputStreamReader(gw.getInputStream()));
        var out = gw.getOutputStream()) {
      Consumer<String> send =
          line -> {
            try {
              out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
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
          .until(pingRuns);
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
      await("the cancelled call's completion is audited")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(Files.readString(auditLog))
                      .contains("\"decision\":\"failed\"")
                      .contains("cancelled by the client"));
      await("the cancelled ping is gone")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !pingRuns.call());

      send.accept(
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
              + "\"arguments\":{\"target\":\"127.0.0.1\",\"count\":20}}}");
      await("the second ping starts")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(pingRuns);
      children = gw.descendants().toList();
      gw.destroyForcibly();
      assertThat(gw.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      gw.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
    assertThat(Files.readString(auditLog))
        .contains("\"decision\":\"failed\"")
        .contains("cancelled by the client");
    AuditVerifier.Result r = AuditVerifier.verify(auditLog);
    assertThat(r.intact()).isTrue();
    assertThat(r.unfinished())
        .singleElement()
        .satisfies(u -> assertThat(u.tool()).isEqualTo("ping_tool"));
    JarCalls.JarRun verify = JarCalls.run("audit", "verify", auditLog.toString());
    assertThat(verify.exitCode()).as(verify.output()).isEqualTo(3);
    assertThat(verify.output()).contains("unfinished callId " + r.unfinished().get(0).callId());
  }
}
