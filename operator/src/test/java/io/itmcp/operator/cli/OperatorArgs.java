package io.itmcp.operator.cli;

import io.itmcp.operator.config.ClusterDns;
import io.itmcp.operator.config.OperatorOptions;
import java.util.List;
import picocli.CommandLine;

/** The operator's `run` arguments as the Deployment passes them, parsed by the command itself. */
public final class OperatorArgs {
  private OperatorArgs() {}

  /**
   * The cluster DNS the operator would open in each session's egress; {@code args} start with
   * "run".
   */
  public static ClusterDns clusterDns(List<String> args) {
    return parse(args).clusterDns();
  }

  /** Every option the operator would run with; {@code args} start with "run". */
  public static OperatorOptions options(List<String> args) {
    return parse(args).options();
  }

  private static RunCommand parse(List<String> args) {
    RunCommand command = new RunCommand();
    new CommandLine(command)
        .parseArgs(
            args.subList(args.isEmpty() || !"run".equals(args.get(0)) ? 0 : 1, args.size())
                .toArray(String[]::new));
    return command;
  }
}
