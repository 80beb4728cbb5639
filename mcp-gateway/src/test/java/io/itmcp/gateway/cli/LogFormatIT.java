package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.gateway.testing.GatewayJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's jar as {@code ./itmcp} starts it, with and without {@code --log-format json}: what
 * its stderr carries, and that stdout (the MCP channel) stays empty.
 */
class LogFormatIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /**
   * The gateway as a process: every log line on stderr is a JSON object, and stdout carries only
   * MCP.
   */
  @Test
  void aStdioGatewayStartedWithJsonLogsWritesJsonLinesToStderr() throws Exception {
    List<String> stderr = runGateway("--log-format", "json");

    List<JsonNode> logs = new ArrayList<>();
    for (String line : stderr) {
      if (line.startsWith("{")) {
        logs.add(JSON.readTree(line));
      }
    }
    assertThat(logs)
        .anySatisfy(
            l -> {
              assertThat(l.get("level").asText()).isEqualTo("INFO");
              assertThat(l.get("loggerName").asText()).isEqualTo(ServeCommand.class.getName());
              assertThat(l.get("formattedMessage").asText())
                  .startsWith("serving 1 tools over stdio")
                  .contains("policy 'json-logs'");
            });
    assertThat(logs)
        .extracting(l -> l.get("formattedMessage").asText())
        .anyMatch(m -> m.startsWith("itmcp-gateway: audit log: " + tmp.resolve("state")))
        .anyMatch(m -> m.startsWith("itmcp-gateway: note: ") && m.contains("USE_DOCKER"));
    assertThat(stderr)
        .as("a log pipeline reads nothing but JSON, start-up notes included")
        .allMatch(l -> l.startsWith("{"));
    assertThat(logs)
        .allSatisfy(
            l ->
                assertThat(fieldNames(l))
                    .containsExactlyInAnyOrderElementsOf(LogFormatTest.JSON_FIELDS));
  }

  /**
   * Without the option the log is slf4j-simple's text lines, as it always was (logback is not even
   * started).
   */
  @Test
  void withoutTheOptionTheLogIsTextLines() throws Exception {
    List<String> stderr = runGateway();

    assertThat(stderr)
        .anyMatch(
            l ->
                l.matches(
                    "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-]\\d\\d:\\d\\d) INFO "
                        + java.util.regex.Pattern.quote(ServeCommand.class.getName())
                        + " - serving 1 tools over stdio .*"));
    assertThat(stderr).anyMatch(l -> l.startsWith("itmcp-gateway: audit log: "));
    assertThat(stderr).noneMatch(l -> l.startsWith("{")).noneMatch(l -> l.contains("SLF4J"));
  }

  private static List<String> fieldNames(JsonNode line) {
    List<String> names = new ArrayList<>();
    line.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * Runs {@code serve --stdio} as a process whose client leaves at once; its stderr lines (stdout
   * must be empty).
   */
  private List<String> runGateway(String... logOptions) throws Exception {
    Path policy =
        Files.writeString(
            tmp.resolve("policy.yaml"),
            """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata:
          name: json-logs
        spec:
          tools: [cat]
          allowedDirectories: [/srv]
        """);
    Path stdout = tmp.resolve("stdout");
    Path stderr = tmp.resolve("stderr");
    List<String> args = new ArrayList<>(List.of(logOptions));
    args.addAll(List.of("serve", "--stdio", "--allow-unsandboxed", "--policy", policy.toString()));
    ProcessBuilder builder = new ProcessBuilder(GatewayJar.command(args.toArray(String[]::new)));
    // no --audit-log: the default file is named at start, a note
    builder.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
    builder.environment().put("USE_DOCKER", "true"); // a note about the original's variable
    builder.environment().remove("ITMCP_LOG_FORMAT");
    Process p = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    p.getOutputStream().close(); // the client leaves at once: the gateway exits
    assertThat(p.waitFor(180, TimeUnit.SECONDS))
        .as("exited (a bound for a machine under load; a start takes 1-2 s idle)")
        .isTrue();

    assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
    assertThat(Files.readString(stdout)).isEmpty();
    return Files.readAllLines(stderr);
  }
}
