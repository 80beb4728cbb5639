package io.itmcp.gateway.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error as one line, {@code itmcp-gateway: <what is wrong>}, and exit 2: picocli's own (an
 * unknown option, a missing value, a value not among an enum's) with "did you mean" suggestions and
 * where the options are listed; the commands' checks (a file that cannot be used, a combination
 * that cannot work) with their reason only. Never the whole usage, whose forty lines would push the
 * reason off the screen.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().root().name() + ": " + e.getMessage());
    if (e.getCause() == null) {
      UnmatchedArgumentException.printSuggestions(e, err);
      err.println("'" + command.getCommandSpec().qualifiedName() + " --help' lists the options");
    }
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }
}
