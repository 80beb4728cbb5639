package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-format json} / {@code ITMCP_LOG_FORMAT=json} on the gateway: logback's JSON lines on
 * stderr, stdout untouched (the format itself is cli-support's, tested there and on the operator).
 * The gateway's jar started with and without the option: {@link LogFormatIT}.
 */
class LogFormatTest {

  /**
   * The JSON fields of every log line of both binaries (the operator's OperatorLogFormatTest
   * expects the same).
   */
  static final java.util.Set<String> JSON_FIELDS =
      java.util.Set.of(
          "timestamp", "level", "threadName", "loggerName", "mdc", "formattedMessage", "throwable");

  @Test
  void logbackRunsTheSharedSetupInThisJvmWithTheMcpSdkAtWarn() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("stderr"))
        .isNotNull();
    assertThat(context.getLogger("io.modelcontextprotocol").getLevel()).isEqualTo(Level.WARN);
  }
}
