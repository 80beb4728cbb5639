package io.itmcp.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code itmcp-operator run | render}. */
@Command(name = "itmcp-operator", mixinStandardHelpOptions = true, version = "itmcp-operator 0.1.0",
    description = "Turns each ItmcpSession into a locked-down pod whose egress reaches only the allowed hosts.",
    subcommands = {RunCommand.class, RenderCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }
}
