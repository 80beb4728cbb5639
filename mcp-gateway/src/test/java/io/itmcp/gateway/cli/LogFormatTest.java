package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code --log-format json} / {@code ITMCP_LOG_FORMAT=json}: logback's JSON lines on stderr, stdout untouched. */
class LogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void theOptionWinsOverTheVariableAndWrongValuesAreRefused() {
    assertThat(LogFormat.chosen(List.of("serve", "--stdio"), Map.of())).isEmpty();
    assertThat(LogFormat.chosen(List.of(), Map.of("ITMCP_LOG_FORMAT", "JSON"))).contains(LogFormat.JSON);
    assertThat(LogFormat.chosen(List.of("--log-format", "text", "serve"), Map.of("ITMCP_LOG_FORMAT", "json")))
        .contains(LogFormat.TEXT);
    assertThat(LogFormat.chosen(List.of("serve", "--log-format=json"), Map.of())).contains(LogFormat.JSON);
    assertThatThrownBy(() -> LogFormat.chosen(List.of("--log-format", "xml"), Map.of()))
        .hasMessage("--log-format must be text or json, not 'xml'");
    assertThatThrownBy(() -> LogFormat.chosen(List.of("--log-format"), Map.of()))
        .hasMessage("--log-format needs a value: text or json");
    assertThatThrownBy(() -> LogFormat.chosen(List.of(), Map.of("ITMCP_LOG_FORMAT", "yaml")))
        .hasMessageStartingWith("ITMCP_LOG_FORMAT must be text or json");
  }

  @Test
  void logbackRunsTheGatewaysSetupInThisJvmToo() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("stderr")).isNotNull();
    assertThat(context.getLogger("io.modelcontextprotocol").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void aJsonLineCarriesTheRenderedMessageAndTheThrowable() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var encoder = LogSetup.encoder(LogFormat.JSON, context);
    LoggingEvent event = new LoggingEvent("x", context.getLogger("io.itmcp.gateway.Test"), Level.WARN,
        "call by {} refused", new IllegalStateException("boom"), new Object[] {"alice"});

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line).endsWith("\n").doesNotContain("\n{");
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("loggerName").asText()).isEqualTo("io.itmcp.gateway.Test");
    assertThat(json.get("formattedMessage").asText()).isEqualTo("call by alice refused");
    assertThat(json.get("timestamp").asLong()).isPositive();
    assertThat(json.at("/throwable/className").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(json.at("/throwable/message").asText()).isEqualTo("boom");
  }

  /** The gateway as a process: every log line on stderr is a JSON object, and stdout carries only MCP. */
  @Test
  void aStdioGatewayStartedWithJsonLogsWritesJsonLinesToStderr() throws Exception {
    List<String> stderr = runGateway("--log-format", "json");

    List<JsonNode> logs = new ArrayList<>();
    for (String line : stderr) {
      if (line.startsWith("{")) {
        logs.add(JSON.readTree(line));
      }
    }
    assertThat(logs).anySatisfy(l -> {
      assertThat(l.get("level").asText()).isEqualTo("INFO");
      assertThat(l.get("loggerName").asText()).isEqualTo(ServeCommand.class.getName());
      assertThat(l.get("formattedMessage").asText()).startsWith("serving 1 tools over stdio")
          .contains("policy 'json-logs'");
    });
    assertThat(logs).extracting(l -> l.get("formattedMessage").asText())
        .anyMatch(m -> m.startsWith("itmcp-gateway: audit log: " + tmp.resolve("state")))
        .anyMatch(m -> m.startsWith("itmcp-gateway: note: ") && m.contains("USE_DOCKER"));
    assertThat(stderr).as("a log pipeline reads nothing but JSON, start-up notes included")
        .allMatch(l -> l.startsWith("{"));
  }

  /** Without the option the log is slf4j-simple's text lines, as it always was (logback is not even started). */
  @Test
  void withoutTheOptionTheLogIsTextLines() throws Exception {
    List<String> stderr = runGateway();

    assertThat(stderr).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-]\\d\\d:\\d\\d) INFO "
        + java.util.regex.Pattern.quote(ServeCommand.class.getName()) + " - serving 1 tools over stdio .*"));
    assertThat(stderr).anyMatch(l -> l.startsWith("itmcp-gateway: audit log: "));
    assertThat(stderr).noneMatch(l -> l.startsWith("{")).noneMatch(l -> l.contains("SLF4J"));
  }

  /** Runs {@code serve --stdio} as a process whose client leaves at once; its stderr lines (stdout must be empty). */
  private List<String> runGateway(String... logOptions) throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), """
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
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(logOptions));
    command.addAll(List.of("serve", "--stdio", "--allow-unsandboxed", "--policy", policy.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    // no --audit-log: the default file is named at start, a note
    builder.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
    builder.environment().put("USE_DOCKER", "true"); // a note about the original's variable
    builder.environment().remove("ITMCP_LOG_FORMAT");
    Process p = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    p.getOutputStream().close(); // the client leaves at once: the gateway exits
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
    assertThat(Files.readString(stdout)).isEmpty();
    return Files.readAllLines(stderr);
  }

  @Test
  void theTextFormatIsOneReadableLinePerEvent() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var encoder = LogSetup.encoder(LogFormat.TEXT, context);
    LoggingEvent event = new LoggingEvent("x", context.getLogger("io.itmcp.gateway.Test"), Level.INFO,
        "serving {} tools", null, new Object[] {12});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(encoder.encode(event));

    assertThat(out.toString(StandardCharsets.UTF_8))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO io.itmcp.gateway.Test - serving 12 tools\\n");
  }
}
