package io.itmcp.policy.cli;

import io.itmcp.policy.PolicyValidation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate FILE|DIR...}: what the cluster and the policy engine would refuse, before it gets
 * there. One command for both jars (the operator image in CI, {@code ./itmcp} on a laptop).
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks every ItmcpPolicy manifest in the files and directories (their .yaml/.yml files, recursively)"
          + " offline: the CRD's schema and CEL rules as the API server applies them, and the policy engine's own checks.",
      "One line per problem on stdout (file, document, policy, field: what is wrong); a summary on stderr.",
      "Exit 0 when every policy is valid; 1 on any problem, or when no ItmcpPolicy was found."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "FILE|DIR",
      arity = "1..*",
      description = "manifests (multi-document YAML) or directories of them")
  List<Path> paths;

  @Override
  public Integer call() {
    PolicyValidation.Report report = PolicyValidation.validate(paths);
    PrintWriter out = spec.commandLine().getOut();
    report.problems().forEach(p -> out.println(p.line()));
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println("validate: " + report.summary());
    err.flush();
    return report.valid() ? 0 : 1;
  }
}
