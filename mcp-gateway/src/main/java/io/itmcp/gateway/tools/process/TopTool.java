package io.itmcp.gateway.tools.process;

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
 * top_tool: {@code top -b -n ITERATIONS -d DELAY -w 200}: batch mode (no terminal), a fixed width
 * so command lines are not cut at 80 columns. Like ps it sees the sandbox's pid namespace.
 */
public final class TopTool extends ParameterizedTool {

  public TopTool() {
    super(
        ToolName.TOP,
        ToolParameters.of(
            Param.integer("iterations", "Snapshots to take", 1, 1, 5),
            Param.integer("delay", "Seconds between snapshots", 1, 1, 5)));
  }

  @Override
  public String title() {
    return "Show top processes";
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Show a snapshot of system load and the sandbox's processes (top in batch mode).";
  }

  @Override
  public boolean openWorld() {
    return false;
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    int iterations = args.integer("iterations");
    return ToolPlan.run(
            List.of(
                "top",
                "-b",
                "-n",
                Integer.toString(iterations),
                "-d",
                Integer.toString(args.integer("delay")),
                "-w",
                "200"),
            ExecTarget.SANDBOX,
            "processes")
        .withProgress(iterations > 1);
  }
}
