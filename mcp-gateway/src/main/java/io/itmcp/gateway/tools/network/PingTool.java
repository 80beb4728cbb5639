package io.itmcp.gateway.tools.network;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.tools.ParameterizedTool;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.Access;
import io.itmcp.policy.EffectivePolicy;
import java.util.List;
import java.util.Optional;

/**
 * ping_tool: {@code ping -n -c COUNT -W 2 -- HOST}.
 *
 * <p>iputils ping parses its options with getopt, so {@code --} ends them (checked: {@code ping --
 * -h} looks up a host called "-h"); the target is additionally a canonical host from the policy
 * engine, which can never start with '-'. {@code -n} avoids reverse lookups of every reply; {@code
 * -W 2} bounds the wait for each reply. The host needs an allowedHosts entry without a port (ICMP).
 */
public final class PingTool extends ParameterizedTool {

  public PingTool() {
    super(
        ToolName.PING,
        ToolParameters.of(
            Param.requiredText(
                "target", "Host name or IP address to ping; must be an allowed host"),
            Param.integer("count", "Number of echo requests", 4, 1, 20)));
  }

  /**
   * Exit 1 is "no reply" (an answer); 2 and above: ping could not send (unknown host, no route, no
   * permission).
   */
  @Override
  public Optional<String> failureToRun(ExecResult result) {
    return ExitCodes.answersUpTo(result, 1, "ping could not send its requests");
  }

  @Override
  public String title() {
    return "Ping a host";
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Ping a host to check connectivity (ICMP echo, up to 20 requests). Allowed hosts: "
        + policy.hosts().describe()
        + " (entries with a port allow no ping).";
  }

  @Override
  public boolean openWorld() {
    return true;
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    String host = policy.hosts().check(args.text("target"), Access.icmp()).canonical();
    int count = args.integer("count");
    return ToolPlan.run(
            List.of("ping", "-n", "-c", Integer.toString(count), "-W", "2", "--", host),
            ExecTarget.SANDBOX,
            host)
        .withProgress(count > 1);
  }
}
