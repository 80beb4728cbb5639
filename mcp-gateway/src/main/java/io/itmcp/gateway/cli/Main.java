package io.itmcp.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar itmcp-gateway.jar serve ...}, {@code ... audit verify FILE} and {@code ... validate FILE|DIR...}. */
@Command(name = "itmcp-gateway", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "ITMCP: network tools for AI assistants over MCP, each call checked by a policy and run in a sandbox.",
    subcommands = {ServeCommand.class, AuditCommand.class, ValidateCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    configureLogging();
    // serve returns only when its transport has ended (stdin closed, HTTP server stopped)
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Readable lines on stderr: in stdio mode stdout carries MCP and nothing else. */
  static void configureLogging() {
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    setDefault("org.slf4j.simpleLogger.log.io.modelcontextprotocol", "warn");
    // Tomcat and the JDK log through java.util.logging: one format, through SLF4J, instead of two
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** The jar's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"itmcp-gateway " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
