package io.itmcp.gateway.tools.files;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.tools.ParameterizedTool;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.EffectivePolicy;
import java.util.List;

/**
 * What the four file tools share: the {@code file_path} argument, checked lexically here, then
 * opened inside the sandbox by the race-free reader ({@link GuardedRead}), which runs the tool on
 * the open file in the same exec; none reaches the network.
 */
abstract class FileReadTool extends ParameterizedTool {

  static final Param.Text FILE_PATH =
      Param.requiredText("file_path", "Absolute path of a file inside an allowed directory");

  FileReadTool(ToolName name, ToolParameters parameters) {
    super(name, parameters);
  }

  /** What the tool does, in one sentence; the allowed directories are appended. */
  protected abstract String summary(EffectivePolicy policy);

  /** The program and its options; it reads the file as its standard input. */
  protected abstract List<String> command(ToolArguments args);

  /**
   * Whether the command runs until the deadline ends it (tail -f): progress is sent and the
   * deadline is no error.
   */
  protected boolean runsUntilDeadline(ToolArguments args) {
    return false;
  }

  @Override
  public final String description(EffectivePolicy policy) {
    return summary(policy)
        + " Allowed directories: "
        + policy.paths().describe()
        + " (symlinks are resolved and must stay inside them"
        + (policy.paths().allowHardLinks()
            ? ""
            : "; files with more than one hard link are refused")
        + ").";
  }

  @Override
  public final boolean openWorld() {
    return false;
  }

  @Override
  protected final ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    String path = policy.paths().check(args.text("file_path"));
    List<String> argv = GuardedRead.argv(path, policy.paths(), command(args));
    boolean untilDeadline = runsUntilDeadline(args);
    return ToolPlan.run(argv, ExecTarget.SANDBOX, path)
        .withGuardedPaths(List.of(path))
        .withProgress(untilDeadline)
        .withDeadlineAsNormalEnd(untilDeadline);
  }
}
