package io.itmcp.gateway.tools.network;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.tools.ParameterizedTool;
import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.SafeText;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.EffectivePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * tcpdump_tool: {@code tcpdump -i IFACE -c COUNT -n -l -p -- [( FILTER ) and] ( SCOPE )}, in the
 * capture container (the only place with CAP_NET_RAW). SCOPE is {@link CaptureScope}: the policy's
 * allowed addresses, so nothing of hosts outside the allow-list is ever captured.
 *
 * <p>{@code -n}: no name lookups of captured addresses; {@code -l}: line-buffered, so what was
 * captured before the deadline is returned; {@code -p}: the interface is not put in promiscuous
 * mode. The interface must look like a Linux interface name (at most 15 letters, digits, '_', '.',
 * '-', not starting with '-'). The filter is checked by {@link CaptureFilter}. The capture ends at
 * COUNT packets or at the timeout (bounded by the policy's tool timeout), whichever comes first;
 * reaching the timeout is a normal end, not an error.
 */
public final class TcpdumpTool extends ParameterizedTool {

  private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

  private final CaptureScope.Resolver resolver;

  public TcpdumpTool() {
    this(CaptureScope.Resolver.SYSTEM);
  }

  /** With the resolver that turns allowed names into addresses at call time. */
  public TcpdumpTool(CaptureScope.Resolver resolver) {
    super(
        ToolName.TCPDUMP,
        ToolParameters.of(
            Param.requiredText("interface", "Network interface to capture on, e.g. eth0 or lo")
                .withMaxLength(15),
            Param.optionalText(
                    "filter",
                    "Capture filter, e.g. 'host 10.0.0.5 and tcp port 443'; hosts must be allowed")
                .withMaxLength(512),
            Param.integer("count", "Packets to capture before stopping", 10, 1, 1000),
            Param.integer("timeout", "Seconds to capture before stopping", 10, 1, 60)));
    this.resolver = resolver;
  }

  @Override
  public String title() {
    return "Capture packets (tcpdump)";
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Capture packets for a limited time (stops at count packets or timeout seconds). The filter "
        + "may use host, net, port, src, dst, tcp, udp, icmp, icmp6, ip, ip6, arp, and, or, not and "
        + "parentheses; hosts in it must be allowed: "
        + policy.hosts().describe()
        + ". Only traffic of "
        + "these allowed addresses is ever captured (wildcard entries are not captured).";
  }

  @Override
  public boolean openWorld() {
    return true;
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    String iface = args.text("interface");
    if (!INTERFACE.matcher(iface).matches()) {
      throw new ToolArgumentException(
          "'interface' "
              + SafeText.quote(iface)
              + " is not an interface name (letters, digits, '_', '.', '-', at most 15, e.g. eth0)");
    }
    List<String> argv =
        new ArrayList<>(
            List.of(
                "tcpdump",
                "-i",
                iface,
                "-c",
                Integer.toString(args.integer("count")),
                "-n",
                "-l",
                "-p"));
    List<String> user =
        args.optionalText("filter").map(f -> CaptureFilter.check(f, policy)).orElse(List.of());
    argv.add("--");
    argv.addAll(CaptureScope.conjunction(user, CaptureScope.tokens(policy, resolver)));
    return ToolPlan.run(argv, ExecTarget.CAPTURE, iface)
        .withProgress(true)
        .withTimeout(Duration.ofSeconds(args.integer("timeout")))
        .withDeadlineAsNormalEnd(true);
  }
}
