package io.itmcp.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import org.slf4j.Logger;

/**
 * The JSON log (and the tests' log), set up by logback at its first use (found through the
 * ServiceLoader, before any logback.xml); text lines in production are slf4j-simple's ({@link
 * Logging#configure}). stderr only, since in the gateway's stdio mode stdout is the MCP channel;
 * the level of {@link Logging#level()}, and each logger's own level where {@code
 * org.slf4j.simpleLogger.log.NAME} names one, as slf4j-simple reads it too.
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
    root.setLevel(Level.toLevel(Logging.level(), Level.INFO));
    root.addAppender(stderr);
    Logging.loggerLevels(System.getProperties())
        .forEach((logger, level) -> context.getLogger(logger).setLevel(Level.toLevel(level, null)));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The encoder of a format: logback's PatternLayoutEncoder or its JsonEncoder, started. */
  public static Encoder<ILoggingEvent> encoder(LogFormat format, LoggerContext context) {
    if (format == LogFormat.JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      // one flat object per event: time, level, thread, logger, the message as rendered,
      // key-values, throwable
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
    if (System.getProperty(LogFormat.PROPERTY) != null) {
      return LogFormat.current();
    }
    try {
      return LogFormat.chosen(List.of(), System.getenv()).orElse(LogFormat.TEXT);
    } catch (IllegalArgumentException e) {
      return LogFormat.TEXT; // the binary's main refuses a wrong value before anything logs
    }
  }
}
