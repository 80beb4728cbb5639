package io.itmcp.gateway.cli;

import io.itmcp.cli.logging.LogFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code serve} tells the person who started it before it serves (legacy variables, where the
 * audit log is, running unsandboxed): plain lines on stderr, or log events when the log is JSON, so
 * that a log pipeline reads nothing but JSON objects.
 */
final class StartNotes {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  private StartNotes() {}

  /**
   * @param line the whole line as a person reads it, e.g. {@code itmcp-gateway: note: ...}
   */
  static void note(String line) {
    if (jsonLog()) {
      LOG.info(line);
    } else {
      System.err.println(line);
    }
  }

  static void warning(String line) {
    if (jsonLog()) {
      LOG.warn(line);
    } else {
      System.err.println(line);
    }
  }

  private static boolean jsonLog() {
    return LogFormat.current() == LogFormat.JSON;
  }
}
