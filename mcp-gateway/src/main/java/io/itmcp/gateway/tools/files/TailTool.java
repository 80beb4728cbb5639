package io.itmcp.gateway.tools.files;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.EffectivePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * tail_tool: {@code tail -n LINES [-f]} on the file the in-sandbox reader opened (following works
 * on the open descriptor). With follow, tail runs until the policy's tool timeout kills it; what it
 * printed until then is the result (the plan says the deadline is its normal end) and progress is
 * reported while it runs.
 */
public final class TailTool extends FileReadTool {

  public TailTool() {
    super(
        ToolName.TAIL,
        ToolParameters.of(
            FILE_PATH,
            Param.integer("lines", "Number of lines from the end", 10, 1, 10000),
            Param.flag(
                "follow", "Keep printing lines appended to the file until the tool timeout")));
  }

  @Override
  protected String summary(EffectivePolicy policy) {
    return "Show the last lines of a file; with follow, also the lines appended during the next "
        + policy.limits().toolTimeout().toSeconds()
        + " seconds.";
  }

  @Override
  protected List<String> command(ToolArguments args) {
    List<String> command =
        new ArrayList<>(List.of("tail", "-n", Integer.toString(args.integer("lines"))));
    if (args.flag("follow")) {
      command.add("-f");
    }
    return command;
  }

  @Override
  protected boolean runsUntilDeadline(ToolArguments args) {
    return args.flag("follow");
  }

  @Override
  public String title() {
    return "Read the end of a file";
  }
}
