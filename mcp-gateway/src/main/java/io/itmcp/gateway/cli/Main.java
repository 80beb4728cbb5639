package io.itmcp.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar itmcp-gateway.jar serve ...} and {@code ... audit verify FILE}. */
@Command(name = "itmcp-gateway", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "ITMCP: network tools for AI assistants over MCP, each call checked by a policy and run in a sandbox.",
    subcommands = {ServeCommand.class, AuditCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Read by {@link #main} before logging starts ({@link LogFormat}); declared here for help and parsing. */
  @CommandLine.Option(names = LogFormat.OPTION, paramLabel = "text|json", scope = CommandLine.ScopeType.INHERIT,
      description = "the log on stderr: text lines (default) or one JSON object per line; ITMCP_LOG_FORMAT does the same")
  String logFormat;

  public static void main(String[] args) {
    try {
      LogFormat.chosen(java.util.List.of(args), System.getenv())
          .ifPresent(format -> System.setProperty(LogFormat.PROPERTY, format.name()));
    } catch (IllegalArgumentException e) {
      System.err.println("itmcp-gateway: " + e.getMessage());
      System.exit(2);
    }
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

  /**
   * The log on stderr as {@link LogSetup} makes it (in stdio mode stdout carries MCP and nothing
   * else). Tomcat and the JDK log through java.util.logging: bridged, so there is one format.
   */
  static void configureLogging() {
    org.slf4j.LoggerFactory.getILoggerFactory(); // logback runs LogSetup now
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
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
