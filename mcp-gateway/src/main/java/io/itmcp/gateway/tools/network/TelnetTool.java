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
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * telnet_tool, a TCP connect test: {@code nc -z -v -w TIMEOUT -- HOST PORT} (netcat-openbsd).
 *
 * <p>No interactive telnet session: {@code -z} only opens and closes the connection, so nothing is
 * sent to the peer. netcat-openbsd uses getopt, so {@code --} ends its options. Exit code 0 means
 * the port accepted the connection, 1 that it did not (the message is on stderr); both are results.
 * The host needs an allowedHosts entry without a port or with this port.
 */
public final class TelnetTool extends ParameterizedTool {

  public TelnetTool() {
    super(
        ToolName.TELNET,
        ToolParameters.of(
            Param.requiredText("target", "Host name or IP address; must be an allowed host"),
            Param.requiredInteger("port", "TCP port to test", 1, 65535),
            Param.integer("timeout", "Seconds to wait for the connection", 5, 1, 30)));
  }

  /** Exit 1 is "refused or timed out" (an answer about the port); above that nc itself failed. */
  @Override
  public Optional<String> failureToRun(ExecResult result) {
    return ExitCodes.answersUpTo(result, 1, "nc could not test the port");
  }

  @Override
  public String title() {
    return "Test a TCP port";
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Test whether a TCP port accepts connections (connect and close, nothing sent). Allowed hosts: "
        + policy.hosts().describe()
        + ".";
  }

  @Override
  public boolean openWorld() {
    return true;
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    int port = args.integer("port");
    String host = policy.hosts().check(args.text("target"), Access.tcp(port)).canonical();
    int timeout = args.integer("timeout");
    return ToolPlan.run(
            List.of(
                "nc",
                "-z",
                "-v",
                "-w",
                Integer.toString(timeout),
                "--",
                host,
                Integer.toString(port)),
            ExecTarget.SANDBOX,
            host + ":" + port)
        .withTimeout(Duration.ofSeconds(timeout + 2L));
  }
}
