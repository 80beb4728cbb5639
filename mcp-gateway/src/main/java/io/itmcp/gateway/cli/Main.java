package io.itmcp.gateway.cli;

import io.itmcp.policy.cli.ValidateCommand;
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

  /** Read by {@link #main} before logging starts ({@link LogFormat}); declared here for help and parsing. */
  @CommandLine.Option(names = LogFormat.OPTION, paramLabel = "text|json", scope = CommandLine.ScopeType.INHERIT,
      description = "the log on stderr: text lines (default) or one JSON object per line; ITMCP_LOG_FORMAT does the same")
  String logFormat;

  public static void main(String[] args) {
    LogFormat format;
    try {
      format = LogFormat.chosen(java.util.List.of(args), System.getenv()).orElse(LogFormat.TEXT);
    } catch (IllegalArgumentException e) {
      System.err.println("itmcp-gateway: " + e.getMessage());
      System.exit(2);
      return;
    }
    configureLogging(format);
    // serve returns only when its transport has ended (stdin closed, HTTP server stopped)
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setParameterExceptionHandler(new UsageErrors());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /**
   * The log on stderr (in stdio mode stdout carries MCP and nothing else): text lines by
   * slf4j-simple, or JSON lines by logback ({@link LogSetup}), whichever backend the format needs
   * (both are in the jar; {@code slf4j.provider} names the one to bind). Tomcat and the JDK log
   * through java.util.logging: bridged, so there is one format.
   */
  static void configureLogging(LogFormat format) {
    System.setProperty(LogFormat.PROPERTY, format.name());
    // SLF4J says which provider it loads at INFO: a line that is neither text log nor JSON
    setDefault("slf4j.internal.verbosity", "WARN");
    setDefault("slf4j.provider", format == LogFormat.JSON ? "ch.qos.logback.classic.spi.LogbackServiceProvider"
        : "org.slf4j.simple.SimpleServiceProvider");
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", LogSetup.level().toLowerCase(java.util.Locale.ROOT));
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    setDefault("org.slf4j.simpleLogger.log.io.modelcontextprotocol", "warn");
    org.slf4j.LoggerFactory.getILoggerFactory(); // binds the backend (logback runs LogSetup now)
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
