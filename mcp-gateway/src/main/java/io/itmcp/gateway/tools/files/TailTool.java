package io.itmcp.gateway.tools.files;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.tools.OutputFilter;
import io.itmcp.gateway.tools.ParameterizedTool;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.EffectivePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * tail_tool: {@code tail -n LINES [-f] -- PATH}. With follow, tail runs until the policy's tool
 * timeout kills it; what it printed until then is the result (the plan says the deadline is its
 * normal end) and progress is reported while it runs.
 */
public final class TailTool extends ParameterizedTool {

  public TailTool() {
    super(ToolName.TAIL, ToolParameters.of(
        FileTools.FILE_PATH,
        Param.integer("lines", "Number of lines from the end", 10, 1, 10000),
        Param.flag("follow", "Keep printing lines appended to the file until the tool timeout")));
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Show the last lines of a file; with follow, also the lines appended during the next "
        + policy.limits().toolTimeout().toSeconds() + " seconds." + FileTools.allowedDirectories(policy);
  }

  @Override
  public boolean openWorld() {
    return false;
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    String path = FileTools.checkedPath(args.text("file_path"), policy);
    boolean follow = args.flag("follow");
    List<String> argv = new ArrayList<>(List.of("tail", "-n", Integer.toString(args.integer("lines"))));
    if (follow) {
      argv.add("-f");
    }
    argv.addAll(List.of("--", path));
    return new ToolPlan(argv, ExecTarget.SANDBOX, path, OutputFilter.NONE, follow, List.of(path), null, follow);
  }
}
