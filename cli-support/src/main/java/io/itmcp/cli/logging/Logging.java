package io.itmcp.cli.logging;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.LogManager;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * One log on stderr for both binaries, set up by their {@code main} before anything logs: text
 * lines by slf4j-simple, or JSON lines by logback ({@link LogSetup}), whichever backend the format
 * needs (both are in each jar; {@code slf4j.provider} names the one to bind, so text mode never
 * loads logback). Libraries that log through java.util.logging (Tomcat, the JDK, fabric8's
 * dependencies) are bridged into it, so their records come out in the same format.
 */
public final class Logging {

  /**
   * slf4j-simple's per-logger level property; {@link LogSetup} applies the same ones to logback.
   */
  static final String LOGGER_LEVEL_PREFIX = "org.slf4j.simpleLogger.log.";

  private Logging() {}

  /**
   * Chooses the format ({@code --log-format} among the arguments, else {@code ITMCP_LOG_FORMAT},
   * else text) and starts the log in it.
   *
   * @param loggerLevels levels of particular loggers (e.g. a chatty library at {@code warn}),
   *     unless a system property already sets one
   * @return the format chosen
   * @throws IllegalArgumentException before anything is set, saying which values are accepted
   */
  public static LogFormat configure(
      List<String> args, Map<String, String> env, Map<String, String> loggerLevels) {
    LogFormat format = LogFormat.chosen(args, env).orElse(LogFormat.TEXT);
    configure(format, loggerLevels);
    return format;
  }

  static void configure(LogFormat format, Map<String, String> loggerLevels) {
    System.setProperty(LogFormat.PROPERTY, format.name());
    // SLF4J says which provider it loads at INFO: a line that is neither text log nor JSON
    setDefault("slf4j.internal.verbosity", "WARN");
    setDefault(
        "slf4j.provider",
        format == LogFormat.JSON
            ? "ch.qos.logback.classic.spi.LogbackServiceProvider"
            : "org.slf4j.simple.SimpleServiceProvider");
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", level().toLowerCase(Locale.ROOT));
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    loggerLevels.forEach((logger, level) -> setDefault(LOGGER_LEVEL_PREFIX + logger, level));
    LoggerFactory.getILoggerFactory(); // binds the backend (logback runs LogSetup now)
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    // java.util.logging drops records below its own level before the bridge sees them
    LogManager.getLogManager().getLogger("").setLevel(julLevel(level()));
  }

  /** {@code itmcp.log.level}, else {@code ITMCP_LOG_LEVEL}, else INFO. */
  public static String level() {
    String p = System.getProperty("itmcp.log.level");
    String v = p != null ? p : System.getenv("ITMCP_LOG_LEVEL");
    return v == null || v.isBlank() ? "INFO" : v.strip().toUpperCase(Locale.ROOT);
  }

  /** The java.util.logging level that lets through what an SLF4J level logs. */
  static java.util.logging.Level julLevel(String slf4jLevel) {
    return switch (slf4jLevel) {
      case "TRACE" -> java.util.logging.Level.FINEST;
      case "DEBUG" -> java.util.logging.Level.FINE;
      case "WARN" -> java.util.logging.Level.WARNING;
      case "ERROR" -> java.util.logging.Level.SEVERE;
      default -> java.util.logging.Level.INFO;
    };
  }

  /** Logger name to level, from the {@code org.slf4j.simpleLogger.log.NAME} properties. */
  static Map<String, String> loggerLevels(Properties properties) {
    Map<String, String> levels = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith(LOGGER_LEVEL_PREFIX)) {
        levels.put(key.substring(LOGGER_LEVEL_PREFIX.length()), properties.getProperty(key));
      }
    }
    return levels;
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
