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
import java.util.List;

/** head_tool: {@code head -n LINES -- PATH}; PATH is re-checked after symlink resolution. */
public final class HeadTool extends ParameterizedTool {

  public HeadTool() {
    super(ToolName.HEAD, ToolParameters.of(
        FileTools.FILE_PATH,
        Param.integer("lines", "Number of lines from the start", 10, 1, 10000)));
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Show the first lines of a file." + FileTools.allowedDirectories(policy);
  }

  @Override
  public boolean openWorld() {
    return false;
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    String path = FileTools.checkedPath(args.text("file_path"), policy);
    return new ToolPlan(List.of("head", "-n", Integer.toString(args.integer("lines")), "--", path),
        ExecTarget.SANDBOX, path, OutputFilter.NONE, false, List.of(path));
  }
}
