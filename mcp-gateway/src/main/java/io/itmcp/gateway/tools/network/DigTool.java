package io.itmcp.gateway.tools.network;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.tools.ParameterizedTool;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import io.itmcp.policy.EffectivePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * dig_tool: {@code dig [@SERVER] [-p PORT] [-t TYPE] [+OPTION...] -q NAME}, or {@code -x ADDRESS}
 * for a PTR lookup of an IP address.
 *
 * <p>dig does not honour {@code --} ("Invalid option: --"), so the name goes after {@code -q}, the
 * explicit form that never reads it as anything else. The free-text options string of the original
 * is replaced by a list from a fixed set of output and query-flag options. Left out on purpose:
 * {@code +trace} and {@code +nssearch} (they query servers other than the one allowed), {@code
 * +time}/{@code +tries}/{@code +bufsize}/{@code +edns} values and {@code +subnet} (free values),
 * and every option that reads a file ({@code -f}, {@code -k}).
 */
public final class DigTool extends ParameterizedTool {

  static final List<String> SAFE_OPTIONS =
      List.of(
          "+short",
          "+tcp",
          "+norecurse",
          "+recurse",
          "+dnssec",
          "+cd",
          "+adflag",
          "+nocmd",
          "+noall",
          "+answer",
          "+noanswer",
          "+authority",
          "+noauthority",
          "+additional",
          "+noadditional",
          "+question",
          "+noquestion",
          "+comments",
          "+nocomments",
          "+stats",
          "+nostats",
          "+multiline",
          "+ttlid",
          "+nottlid",
          "+ttlunits",
          "+identify",
          "+nsid");

  private final int serverPort;

  public DigTool() {
    this(DnsQuery.STANDARD_PORT);
  }

  /** A DNS port other than 53, for servers the gateway's own tests run on loopback. */
  public DigTool(int serverPort) {
    super(
        ToolName.DIG,
        ToolParameters.of(
            Param.requiredText(
                "target", "Name (or IP address with type PTR) to look up; must be an allowed host"),
            DnsQuery.TYPE,
            DnsQuery.SERVER,
            Param.choices("options", "dig options, each one of a fixed safe set", SAFE_OPTIONS)));
    this.serverPort = serverPort;
  }

  /**
   * dig exits 0 for every DNS answer, NXDOMAIN included; 9 means no server replied, other codes a
   * dig error.
   */
  @Override
  public Optional<String> failureToRun(ExecResult result) {
    if (!result.timedOut() && result.exitCode() == 9) {
      return Optional.of("no reply from the DNS server (dig exit 9)");
    }
    return ExitCodes.answersUpTo(result, 0, "dig could not query");
  }

  @Override
  public String title() {
    return "Query DNS (dig)";
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Look up DNS records with dig. Names you may look up: "
        + policy.hosts().describe()
        + ". "
        + DnsQuery.serverDescription(policy)
        + " Options: "
        + String.join(" ", SAFE_OPTIONS)
        + ".";
  }

  @Override
  public boolean openWorld() {
    return true;
  }

  @Override
  protected ToolPlan build(ToolArguments args, EffectivePolicy policy) {
    DnsQuery query =
        DnsQuery.check(
            policy, args.text("target"), args.optionalText("type"), args.optionalText("server"));
    List<String> argv = new ArrayList<>(List.of("dig"));
    query.server().ifPresent(s -> argv.add("@" + s));
    if (serverPort != DnsQuery.STANDARD_PORT) {
      argv.addAll(List.of("-p", Integer.toString(serverPort)));
    }
    boolean reverse = query.isReverseLookupOfAddress();
    if (!reverse) {
      query.type().ifPresent(t -> argv.addAll(List.of("-t", t)));
    }
    argv.addAll(args.choices("options"));
    argv.addAll(List.of(reverse ? "-x" : "-q", query.name().canonical()));
    return ToolPlan.run(argv, ExecTarget.SANDBOX, query.auditTarget());
  }
}
