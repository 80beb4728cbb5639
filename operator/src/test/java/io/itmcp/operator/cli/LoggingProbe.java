package io.itmcp.operator.cli;

import java.util.logging.Level;
import org.slf4j.LoggerFactory;

/**
 * A process that starts its log as the operator's {@code main} does ({@link Main#configureLogging})
 * and then logs as the operator and its libraries do: through SLF4J, and through java.util.logging
 * (as the JDK and some libraries do), a message with a parameter and one with an exception.
 */
public final class LoggingProbe {

  private LoggingProbe() {}

  public static void main(String[] args) {
    Main.configureLogging(args);
    LoggerFactory.getLogger(RunCommand.class).info("reconciling {} sessions", 3);
    java.util.logging.Logger library = java.util.logging.Logger.getLogger("com.example.library");
    library.log(Level.WARNING, "library says {0}", "hello");
    library.log(Level.SEVERE, "library failed", new IllegalStateException("boom"));
    library.fine("below the level: not written");
  }
}
