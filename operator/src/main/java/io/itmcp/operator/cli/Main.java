package io.itmcp.operator.cli;

import io.itmcp.policy.cli.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code itmcp-operator run | render | validate}. */
@Command(name = "itmcp-operator", mixinStandardHelpOptions = true, version = "itmcp-operator 0.1.0",
    description = "Turns each ItmcpSession into a locked-down pod whose egress reaches only the allowed hosts.",
    subcommands = {RunCommand.class, RenderCommand.class, ValidateCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    configureLogging();
    System.exit(execute(args));
  }

  /** The gateway's log format (slf4j-simple on stderr, ISO time, no thread), java.util.logging bridged into it. */
  static void configureLogging() {
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  public static int execute(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }
}
