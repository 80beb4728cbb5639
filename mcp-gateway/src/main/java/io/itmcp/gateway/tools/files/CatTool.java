package io.itmcp.gateway.tools.files;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.tools.OutputFilter;
import io.itmcp.gateway.tools.ParameterizedTool;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.EffectivePolicy;
import java.util.List;

/** cat_tool: {@code cat -- PATH}; PATH is re-checked after symlink resolution inside the sandbox. */
public final class CatTool extends ParameterizedTool {

  public CatTool() {
    super(ToolName.CAT, ToolParameters.of(FileTools.FILE_PATH));
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Show the content of a file (output is cut at the policy's size limit)." + FileTools.allowedDirectories(policy);
  }

  @Override
  public boolean openWorld() {
    return false;
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    String path = FileTools.checkedPath(args.text("file_path"), policy);
    return new ToolPlan(List.of("cat", "--", path), ExecTarget.SANDBOX, path, OutputFilter.NONE, false, List.of(path));
  }
}
