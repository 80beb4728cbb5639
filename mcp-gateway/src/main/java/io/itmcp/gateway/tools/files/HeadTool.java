package io.itmcp.gateway.tools.files;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.EffectivePolicy;
import java.util.List;

/** head_tool: {@code head -n LINES} on the file the in-sandbox reader opened. */
public final class HeadTool extends FileReadTool {

  public HeadTool() {
    super(
        ToolName.HEAD,
        ToolParameters.of(
            FILE_PATH, Param.integer("lines", "Number of lines from the start", 10, 1, 10000)));
  }

  @Override
  protected String summary(EffectivePolicy policy) {
    return "Show the first lines of a file.";
  }

  @Override
  protected List<String> command(ToolArguments args) {
    return List.of("head", "-n", Integer.toString(args.integer("lines")));
  }

  @Override
  public String title() {
    return "Read the start of a file";
  }
}
