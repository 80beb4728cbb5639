package io.itmcp.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The choice of format and what each format writes per event (both binaries share them). */
class LogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theOptionWinsOverTheVariableAndWrongValuesAreRefused() {
    assertThat(LogFormat.chosen(List.of("serve", "--stdio"), Map.of())).isEmpty();
    assertThat(LogFormat.chosen(List.of(), Map.of("ITMCP_LOG_FORMAT", "JSON")))
        .contains(LogFormat.JSON);
    assertThat(
            LogFormat.chosen(
                List.of("--log-format", "text", "serve"), Map.of("ITMCP_LOG_FORMAT", "json")))
        .contains(LogFormat.TEXT);
    assertThat(LogFormat.chosen(List.of("run", "--log-format=json"), Map.of()))
        .contains(LogFormat.JSON);
    assertThatThrownBy(() -> LogFormat.chosen(List.of("--log-format", "xml"), Map.of()))
        .hasMessage("--log-format must be text or json, not 'xml'");
    assertThatThrownBy(() -> LogFormat.chosen(List.of("--log-format"), Map.of()))
        .hasMessage("--log-format needs a value: text or json");
    assertThatThrownBy(() -> LogFormat.chosen(List.of(), Map.of("ITMCP_LOG_FORMAT", "yaml")))
        .hasMessageStartingWith("ITMCP_LOG_FORMAT must be text or json");
  }

  @Test
  void logbackRunsTheSharedSetupInThisJvmToo() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("stderr"))
        .isNotNull();
  }

  @Test
  void aLoggersOwnLevelIsReadAsSlf4jSimpleReadsIt() {
    Properties p = new Properties();
    p.setProperty("org.slf4j.simpleLogger.log.io.modelcontextprotocol", "warn");
    p.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    p.setProperty("unrelated", "x");

    assertThat(Logging.loggerLevels(p))
        .containsExactly(Map.entry("io.modelcontextprotocol", "warn"));
  }

  @Test
  void javaUtilLoggingLetsThroughWhatTheChosenLevelLogs() {
    assertThat(Logging.julLevel("DEBUG")).isEqualTo(java.util.logging.Level.FINE);
    assertThat(Logging.julLevel("TRACE")).isEqualTo(java.util.logging.Level.FINEST);
    assertThat(Logging.julLevel("INFO")).isEqualTo(java.util.logging.Level.INFO);
    assertThat(Logging.julLevel("WARN")).isEqualTo(java.util.logging.Level.WARNING);
    assertThat(Logging.julLevel("ERROR")).isEqualTo(java.util.logging.Level.SEVERE);
  }

  @Test
  void aJsonLineCarriesTheRenderedMessageAndTheThrowable() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var encoder = LogSetup.encoder(LogFormat.JSON, context);
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("io.itmcp.gateway.Test"),
            Level.WARN,
            "call by {} refused",
            new IllegalStateException("boom"),
            new Object[] {"alice"});

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line).endsWith("\n").doesNotContain("\n{");
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("loggerName").asText()).isEqualTo("io.itmcp.gateway.Test");
    assertThat(json.get("formattedMessage").asText()).isEqualTo("call by alice refused");
    assertThat(json.get("timestamp").asLong()).isPositive();
    assertThat(json.at("/throwable/className").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(json.at("/throwable/message").asText()).isEqualTo("boom");
  }

  @Test
  void theTextFormatIsOneReadableLinePerEvent() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var encoder = LogSetup.encoder(LogFormat.TEXT, context);
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("io.itmcp.gateway.Test"),
            Level.INFO,
            "serving {} tools",
            null,
            new Object[] {12});

    assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8))
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO io.itmcp.gateway.Test"
                + " - serving 12 tools\\n");
  }
}
