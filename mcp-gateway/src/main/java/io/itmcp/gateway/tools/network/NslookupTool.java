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
 * nslookup_tool: {@code nslookup [-type=TYPE] [-port=P] NAME [SERVER]}.
 *
 * <p>BIND's nslookup does not honour {@code --} (it reports "Invalid option: -" and goes on), so
 * none is passed; the name is a canonical host from the policy engine and the server a canonical
 * address, neither of which can start with '-'. An IP address as the name makes nslookup do a
 * reverse (PTR) lookup by itself.
 */
public final class NslookupTool extends ParameterizedTool {

  private final int serverPort;

  public NslookupTool() {
    this(DnsQuery.STANDARD_PORT);
  }

  /** A DNS port other than 53, for servers the gateway's own tests run on loopback. */
  public NslookupTool(int serverPort) {
    super(
        ToolName.NSLOOKUP,
        ToolParameters.of(
            Param.requiredText(
                "target",
                "Name (or IP address for a reverse lookup) to look up; must be an allowed host"),
            DnsQuery.TYPE,
            DnsQuery.SERVER));
    this.serverPort = serverPort;
  }

  /**
   * nslookup exits 1 both for a negative answer (NXDOMAIN, which is an answer) and when no server
   * could be reached (which is not); its own message tells them apart.
   */
  @Override
  public Optional<String> failureToRun(ExecResult result) {
    if (!result.timedOut()
        && (result.stdout().contains("no servers could be reached")
            || result.stderr().contains("no servers could be reached"))) {
      return Optional.of("no DNS server could be reached");
    }
    return ExitCodes.answersUpTo(result, 1, "nslookup could not query");
  }

  @Override
  public String title() {
    return "Look up DNS records (nslookup)";
  }

  @Override
  public String description(EffectivePolicy policy) {
    return "Look up DNS records with nslookup. Names you may look up: "
        + policy.hosts().describe()
        + ". "
        + DnsQuery.serverDescription(policy);
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
    List<String> argv = new ArrayList<>(List.of("nslookup"));
    query.type().ifPresent(t -> argv.add("-type=" + t));
    if (serverPort != DnsQuery.STANDARD_PORT) {
      argv.add("-port=" + serverPort);
    }
    argv.add(query.name().canonical());
    query.server().ifPresent(argv::add);
    return ToolPlan.run(argv, ExecTarget.SANDBOX, query.auditTarget());
  }
}
