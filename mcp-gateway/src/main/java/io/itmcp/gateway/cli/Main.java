package io.itmcp.gateway.cli;

import io.itmcp.cli.logging.LogFormat;
import io.itmcp.cli.logging.Logging;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime.Availability;
import io.itmcp.policy.PolicyWarmUp;
import io.itmcp.policy.cli.ValidateCommand;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar itmcp-gateway.jar serve ...}, {@code ... audit verify FILE} and {@code ...
 * validate FILE|DIR...}.
 */
@Command(
    name = "itmcp-gateway",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "ITMCP: network tools for AI assistants over MCP, each call checked by a policy and run in a sandbox.")
public final class Main implements Runnable {

  /** The subcommands, in the order help lists them ({@link #commandLine(Future, List)}). */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(ServeCommand.class, AuditCommand.class, ValidateCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Read by {@link #main} before logging starts ({@link Logging}); declared here for help and
   * parsing.
   */
  @CommandLine.Option(
      names = LogFormat.OPTION,
      paramLabel = LogFormat.PARAM_LABEL,
      scope = CommandLine.ScopeType.INHERIT,
      description = LogFormat.DESCRIPTION)
  String logFormat;

  /**
   * A stdio gateway's check whether bubblewrap works, started before the command line is parsed
   * ({@link #main}); null when none was started, and {@code serve} starts its own.
   */
  Future<Availability> bwrapProbe;

  /**
   * Whether {@code serve --stdio} may read the process's stdin ahead and answer {@code initialize}
   * from it ({@link io.itmcp.gateway.transport.EarlyInitialize}): only when {@link #main} runs,
   * whose stdin and stdout are the MCP client's; a command line built in-process (tests) reads
   * stdin when it serves, as before.
   */
  boolean answersInitializeEarly;

  public static void main(String[] args) {
    // the log first, before any thread that could log: SLF4J binds the backend the properties set
    // here name (text or JSON), and a call from another thread while it binds is replayed with
    // "SLF4J(W): ..." lines on stderr, which a JSON log pipeline cannot read (LogFormatIT)
    List<String> arguments = List.of(args);
    try {
      // the MCP SDK only from WARN up, as the gateway has always kept it
      Logging.configure(arguments, System.getenv(), Map.of("io.modelcontextprotocol", "warn"));
    } catch (IllegalArgumentException e) {
      System.err.println("itmcp-gateway: " + e.getMessage());
      System.exit(2);
      return;
    }
    Future<Availability> bwrapProbe = null;
    boolean stdio = StdioWarmUp.wanted(arguments);
    if (stdio) {
      // a stdio gateway answers initialize, reads a policy, then builds its MCP server: what they
      // need is made meanwhile, beside the command line's parsing
      PolicyWarmUp.startInBackground(StdioWarmUp::answer, StdioWarmUp::run);
      // the probe (a bubblewrap spawn of 'true', nothing else) waits for its process meanwhile;
      // its answer counts only where serve used to run it, after the policy's
      bwrapProbe = RuntimeFactory.probeInBackground();
    } else if (arguments.contains("serve")) {
      // serve reads a policy within the first second: its reader is made meanwhile, beside the
      // command line's parsing rather than after it
      PolicyWarmUp.startInBackground();
    }
    // serve returns only when its transport has ended (stdin closed, HTTP server stopped)
    System.exit(commandLine(bwrapProbe, stdio, arguments).execute(args));
  }

  /** The whole command line: every subcommand. */
  public static CommandLine commandLine() {
    return commandLine(null, false, List.of());
  }

  /**
   * The command line for these arguments. When they start with {@code serve}, only serve's model is
   * built beside the root's: picocli reads the annotations of every subcommand it is given (about
   * 15 milliseconds of a stdio start for audit's and validate's), and arguments that start with
   * {@code serve} reach serve's options only, so the others' could change nothing. Any other
   * arguments (root help, a misspelt command) get the whole command line.
   */
  static CommandLine commandLine(
      Future<Availability> bwrapProbe, boolean answersInitializeEarly, List<String> args) {
    Main main = new Main();
    main.bwrapProbe = bwrapProbe;
    main.answersInitializeEarly = answersInitializeEarly;
    CommandLine commandLine = new CommandLine(main);
    boolean serveOnly = !args.isEmpty() && args.get(0).equals("serve");
    for (Class<?> subcommand : serveOnly ? SUBCOMMANDS.subList(0, 1) : SUBCOMMANDS) {
      commandLine.addSubcommand(subcommand);
    }
    // after the subcommands: picocli hands a setting only to those it already has
    return commandLine.setParameterExceptionHandler(new UsageErrors());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
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
