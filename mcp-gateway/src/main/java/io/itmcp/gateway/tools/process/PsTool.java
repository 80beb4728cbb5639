package io.itmcp.gateway.tools.process;

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

/**
 * ps_tool: {@code ps aux} or {@code ps -ef}, the original's free-text options reduced to these two
 * formats. The filter is a plain substring the gateway applies to the output (header kept); it
 * never reaches a program, so it may start with '-'. The sandbox has its own pid namespace: ps sees
 * the sandbox's processes, as it does in the session's pod.
 */
public final class PsTool extends ParameterizedTool {

  public PsTool() {
    super(
        ToolName.PS,
        ToolParameters.of(
            Param.choice(
                "options",
                "Output format: aux (BSD) or ef (System V)",
                List.of("aux", "ef"),
                "aux"),
            Param.optionalText("filter", "Keep only lines containing this text (plus the header)")
                .withMaxLength(256)
                .allowingLeadingDash()));
  }

  @Override
  public String title() {
    return "List processes";
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "List the processes of the sandbox (ps aux or ps -ef), optionally only the lines containing a text.";
  }

  @Override
  public boolean openWorld() {
    return false;
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    List<String> argv =
        args.text("options").equals("aux") ? List.of("ps", "aux") : List.of("ps", "-ef");
    OutputFilter filter =
        args.optionalText("filter")
            .<OutputFilter>map(LinesContaining::new)
            .orElse(OutputFilter.NONE);
    return ToolPlan.run(argv, ExecTarget.SANDBOX, "processes").withOutputFilter(filter);
  }
}
