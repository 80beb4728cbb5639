package io.itmcp.gateway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The gateway's JSON log (and the tests' log), set up by logback at its first use (found through
 * the ServiceLoader, before any logback.xml); text lines in production are slf4j-simple's
 * ({@link Main#configureLogging}). stderr only, since in stdio mode stdout is the MCP channel; text lines or
 * logback's own JSON lines ({@link LogFormat}); INFO, or {@code itmcp.log.level} /
 * {@code ITMCP_LOG_LEVEL}; the MCP SDK at WARN.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %level %logger - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder(format(), context));
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level(), Level.INFO));
    root.addAppender(stderr);
    context.getLogger("io.modelcontextprotocol").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The encoder of a format: logback's PatternLayoutEncoder or its JsonEncoder, started. */
  static Encoder<ILoggingEvent> encoder(LogFormat format, LoggerContext context) {
    if (format == LogFormat.JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      // one flat object per event: time, level, thread, logger, the message as rendered, key-values, throwable
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }

  private static LogFormat format() {
    String chosen = System.getProperty(LogFormat.PROPERTY);
    if (chosen != null) {
      return LogFormat.parse(chosen, LogFormat.OPTION);
    }
    try {
      return LogFormat.chosen(java.util.List.of(), System.getenv()).orElse(LogFormat.TEXT);
    } catch (IllegalArgumentException e) {
      return LogFormat.TEXT; // Main refuses a wrong value before anything logs
    }
  }

  /** {@code itmcp.log.level}, else {@code ITMCP_LOG_LEVEL}, else INFO. */
  static String level() {
    String p = System.getProperty("itmcp.log.level");
    String v = p != null ? p : System.getenv("ITMCP_LOG_LEVEL");
    return v == null || v.isBlank() ? "INFO" : v.strip().toUpperCase(java.util.Locale.ROOT);
  }
}
