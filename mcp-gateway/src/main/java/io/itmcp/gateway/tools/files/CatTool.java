package io.itmcp.gateway.tools.files;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.EffectivePolicy;
import java.util.List;

/** cat_tool: {@code cat} on the file the in-sandbox reader opened ({@link GuardedRead}). */
public final class CatTool extends FileReadTool {

  public CatTool() {
    super(ToolName.CAT, ToolParameters.of(FILE_PATH));
  }

  @Override
  protected String summary(EffectivePolicy policy) {
    return "Show the content of a file (output is cut at the policy's size limit).";
  }

  @Override
  protected List<String> command(ToolArguments args) {
    return List.of("cat");
  }

  @Override
  public String title() {
    return "Read a file";
  }
}
