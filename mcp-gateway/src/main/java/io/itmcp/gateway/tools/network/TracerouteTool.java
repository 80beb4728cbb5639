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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * traceroute_tool: {@code traceroute.db -n [-I] -q 3 -w 2 -m MAX_HOPS -- HOST}.
 *
 * <p>The program is Debian's {@code traceroute} (Dmitry Butskoy's), named by its real path name
 * {@code traceroute.db} so that no other implementation behind the {@code traceroute} alternative
 * (inetutils) reads these options. Why this one and not iputils' tracepath: both run without
 * privileges and without setuid, but tracepath probes with UDP only, while traceroute also probes
 * with ICMP echo through the ping sockets the pod already allows ({@code
 * net.ipv4.ping_group_range}). Its TCP methods need a raw socket (CAP_NET_RAW), which the sandbox
 * does not have, so {@code tcp} is not offered (telnet_tool tests a TCP port). UDP probes go to
 * ports 33434 and up, so both protocols need an allowedHosts entry without a port, as ping does.
 * The parser is its own ({@code --} ends the options: {@code traceroute.db -- -h} looks up a host
 * called "-h"); the target is a canonical host from the policy engine anyway. {@code -n}: no
 * reverse lookups of the routers; {@code -w 2}: at most two seconds for each probe's answer.
 */
public final class TracerouteTool extends ParameterizedTool {

  static final String PROGRAM = "traceroute.db";
  static final int PROBES_PER_HOP = 3;
  static final int WAIT_SECONDS = 2;

  public TracerouteTool() {
    super(
        ToolName.TRACEROUTE,
        ToolParameters.of(
            Param.requiredText(
                "target",
                "Host name or IP address; must be an allowed host without a port (as for ping)"),
            Param.integer("max_hops", "Largest TTL to probe", 15, 1, 30),
            Param.choice(
                "protocol",
                "Probe with UDP datagrams (udp) or ICMP echo requests (icmp); TCP probes"
                    + " need privileges the sandbox does not have",
                List.of("udp", "icmp"),
                "udp")));
  }

  /**
   * traceroute prints the hops it reached and exits 0 even when the destination never answers; any
   * other exit is a failure.
   */
  @Override
  public Optional<String> failureToRun(ExecResult result) {
    return ExitCodes.answersUpTo(result, 0, "traceroute could not probe the path");
  }

  @Override
  public String title() {
    return "Trace the route to a host";
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Show the routers on the path to a host (traceroute with UDP or ICMP probes, up to 30 hops)."
        + " structuredContent.hops lists each hop's address and round-trip times. Allowed hosts: "
        + policy.hosts().describe()
        + " (entries with a port allow no traceroute).";
  }

  @Override
  public boolean openWorld() {
    return true;
  }

  @Override
  public Map<String, Object> structuredProperties() {
    return TracerouteHops.schema();
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    String host = policy.hosts().check(args.text("target"), Access.icmp()).canonical();
    int maxHops = args.integer("max_hops");
    List<String> argv = new ArrayList<>(List.of(PROGRAM, "-n"));
    if (args.text("protocol").equals("icmp")) {
      argv.add("-I");
    }
    argv.addAll(
        List.of(
            "-q",
            Integer.toString(PROBES_PER_HOP),
            "-w",
            Integer.toString(WAIT_SECONDS),
            "-m",
            Integer.toString(maxHops),
            "--",
            host));
    return ToolPlan.run(argv, ExecTarget.SANDBOX, host)
        .withProgress(true)
        .withTimeout(deadline(maxHops))
        .withStructuredOutput(result -> TracerouteHops.read(result.stdout()));
  }

  /**
   * traceroute keeps up to 16 probes in flight, so even with every hop silent it needs about
   * (probes / 16) rounds of the wait; the rest is margin. The policy's tool timeout still bounds
   * it.
   */
  static Duration deadline(int maxHops) {
    int rounds = (maxHops * PROBES_PER_HOP + 15) / 16;
    return Duration.ofSeconds(5L + 2L * rounds * WAIT_SECONDS);
  }
}
