package io.itmcp.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.gateway.audit.AuditJson;
import io.itmcp.gateway.audit.AuditVerifier;
import io.itmcp.gateway.testing.GatewayJar;
import io.itmcp.gateway.testing.NodeClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The calls the jar tests make through a client of the real jar, and what they check of its answers
 * and its audit log; shared by the tests with a gateway of their own ({@link GatewayJarIT}) and
 * those sharing one HTTP gateway ({@link GatewayJarHttpIT}).
 */
final class JarCalls {

  /** The audit records one {@link #exercise} leaves: two calls run, three refused. */
  static final int EXERCISE_RECORDS = 7;

  private JarCalls() {}

  static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  /**
   * Initializes, lists the tools, reads {@code file} and pings 127.0.0.1 (allowed), then a path
   * outside {@code allowed}, a hostile target and a disabled tool (refused).
   */
  static void exercise(McpSyncClient client, Path allowed, Path file) {
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

  /**
   * The audit log holds exactly {@code from} records and then the {@link #EXERCISE_RECORDS} of one
   * {@link #exercise}, in order; its chain is intact, as the verifier and the jar's {@code audit
   * verify} both say.
   */
  static void assertExerciseAudited(Path auditLog, int from) throws Exception {
    List<String> lines = Files.readAllLines(auditLog);
    assertThat(lines).hasSize(from + EXERCISE_RECORDS);
    List<String> exercise = lines.subList(from, lines.size());
    assertThat(exercise.stream().map(l -> field(l, "decision")))
        .containsExactly("allowed", "allowed", "allowed", "allowed", "denied", "denied", "denied");
    assertThat(exercise.stream().map(l -> field(l, "phase")))
        .containsExactly(
            "intent", "completion", "intent", "completion", "refusal", "refusal", "refusal");
    assertThat(AuditVerifier.verify(auditLog).intact()).isTrue();
    JarRun verify = run("audit", "verify", auditLog.toString());
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).contains("intact: " + lines.size() + " records");
  }

  /** A command of the jar run to its end: its exit code, stdout and stderr together. */
  record JarRun(int exitCode, String output) {}

  static JarRun run(String... args) throws Exception {
    Process p = new ProcessBuilder(GatewayJar.command(args)).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new JarRun(p.exitValue(), output);
  }

  private static String field(String line, String name) {
    try {
      return (String) AuditJson.parse(line).get(name);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What client.mjs saw. */
  static void assertTs(JsonNode out) {
    NodeClient.assertListed(out, "ping_tool", "cat_tool", "head_tool");
    assertThat(out.at("/call/isError").asBoolean()).isFalse();
    assertThat(out.at("/call/structuredContent/stdout").asText())
        .isEqualTo("hello from the real sandbox\n");
    assertThat(out.at("/call/structuredContent/exitCode").asInt()).isZero();
    assertThat(out.at("/refused/isError").asBoolean()).isTrue();
    assertThat(out.at("/refused/text").asText()).startsWith("refused");
  }
}
