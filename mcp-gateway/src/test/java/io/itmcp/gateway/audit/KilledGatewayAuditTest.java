package io.itmcp.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.cli.CliRunner;
import io.itmcp.gateway.testing.RawHttp;
import io.itmcp.gateway.testing.TestJvm;
import io.itmcp.gateway.testing.TestStdioMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway process (stdio, audit to a file) killed with SIGKILL while a twenty-second call
 * runs: the call's intent is already on disk, and {@code audit verify} reports it unfinished (exit
 * 3) instead of an intact chain with no trace of the call.
 */
class KilledGatewayAuditTest {

  @TempDir Path tmp;

  @Test
  void aGatewayKilledDuringACallLeavesAnIntentThatVerifyReportsUnfinished() throws Exception {
    Path auditLog = tmp.resolve("audit.jsonl");
    Process gateway =
        new ProcessBuilder(TestJvm.command(TestStdioMain.class, auditLog.toString()))
            .redirectError(tmp.resolve("gateway-stderr.log").toFile())
            .start();
    List<ProcessHandle> children = List.of();
    try {
      OutputStream in = gateway.getOutputStream();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
      send(in, RawHttp.initializeBody(1));
      assertThat(out.readLine()).contains("itmcp-gateway");
      send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      // the test runtime's ping_tool sleeps COUNT seconds in a child process
      send(
          in,
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
              + "\"arguments\":{\"target\":\"127.0.0.1\",\"count\":20}}}");
      awaitTrue(
          () ->
              gateway.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("sleep")),
          "the call's process started");
      children = gateway.descendants().toList();

      gateway.destroyForcibly();
      assertThat(gateway.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      gateway.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }

    List<String> lines = Files.readAllLines(auditLog);
    assertThat(lines).as("the intent was forced to disk before the process started").hasSize(1);
    Map<String, Object> intent = AuditJson.parse(lines.get(0));
    assertThat(intent)
        .containsEntry("phase", "intent")
        .containsEntry("tool", "ping_tool")
        .containsEntry("decision", "allowed")
        .containsEntry("argv", List.of("sleep", "20"))
        .containsEntry("user", System.getProperty("user.name"));
    String callId = (String) intent.get("callId");

    AuditVerifier.Result result = AuditVerifier.verify(auditLog);
    assertThat(result.intact()).isTrue();
    assertThat(result.unfinished())
        .extracting(AuditVerifier.Unfinished::callId)
        .containsExactly(callId);
    CliRunner.Result cli = CliRunner.run("audit", "verify", auditLog.toString());
    assertThat(cli.exitCode()).isEqualTo(3);
    assertThat(cli.stdout())
        .contains("audit chain intact: 1 records")
        .contains("WARNING: 1 call(s) have an intent and no completion")
        .contains("unfinished callId " + callId)
        .contains("tool ping_tool");
  }

  private static void send(OutputStream in, String line) throws Exception {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }
}
