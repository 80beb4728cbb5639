package io.itmcp.gateway.tools;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.EffectivePolicy;
import java.util.Map;

/**
 * The common shape of the twelve tools: the policy must enable the tool, then the arguments are
 * read against the declared parameters, then the tool builds its plan from typed values only.
 */
public abstract class ParameterizedTool implements ToolDefinition {

  private final ToolName name;
  private final ToolParameters parameters;

  protected ParameterizedTool(ToolName name, ToolParameters parameters) {
    this.name = name;
    this.parameters = parameters;
  }

  @Override
  public final ToolName name() {
    return name;
  }

  @Override
  public final Map<String, Object> inputSchema() {
    return parameters.jsonSchema();
  }

  @Override
  public final ToolPlan plan(Map<String, Object> arguments, EffectivePolicy policy) {
    policy.checkToolEnabled(name);
    return build(parameters.read(arguments), policy);
  }

  /** Builds the plan from validated arguments; checks the policy for hosts, paths and commands. */
  protected abstract ToolPlan build(ToolArguments args, EffectivePolicy policy);
}
