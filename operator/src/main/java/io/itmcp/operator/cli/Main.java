package io.itmcp.operator.cli;

import io.itmcp.cli.logging.LogFormat;
import io.itmcp.cli.logging.Logging;
import io.itmcp.policy.cli.ValidateCommand;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code itmcp-operator run | render | validate}. */
@Command(
    name = "itmcp-operator",
    mixinStandardHelpOptions = true,
    version = "itmcp-operator 0.1.0",
    description =
        "Turns each ItmcpSession into a locked-down pod whose egress reaches only the allowed hosts.",
    subcommands = {RunCommand.class, RenderCommand.class, ValidateCommand.class})
public final class Main implements Runnable {

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

  public static void main(String[] args) {
    try {
      configureLogging(args);
    } catch (IllegalArgumentException e) {
      System.err.println("itmcp-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(execute(args));
  }

  /**
   * The gateway's log ({@link Logging}: text lines, or JSON lines with {@code --log-format json} or
   * {@code ITMCP_LOG_FORMAT=json}), java.util.logging bridged into it; throws on a wrong format.
   */
  static void configureLogging(String... args) {
    Logging.configure(List.of(args), System.getenv(), Map.of());
  }

  public static int execute(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }
}
