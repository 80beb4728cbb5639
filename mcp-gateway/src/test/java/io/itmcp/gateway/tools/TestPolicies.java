package io.itmcp.gateway.tools;

import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.LimitsSpec;
import io.itmcp.api.v1alpha1.RemoteArguments;
import io.itmcp.api.v1alpha1.RemoteCommandRule;
import io.itmcp.api.v1alpha1.SshSpec;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.tools.network.CaptureScope;
import io.itmcp.policy.EffectivePolicy;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Policies for the tool tests, compiled by the real policy engine. */
public final class TestPolicies {

  /** tcpdump_tool's resolver for tests: no name is ever looked up (the network rule); names have no address. */
  public static final CaptureScope.Resolver NO_LOOKUPS = name -> {
    throw new UnknownHostException(name + " (tests look up no names)");
  };

  private TestPolicies() {
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private final ItmcpPolicySpec spec = new ItmcpPolicySpec();
    private final LimitsSpec limits = new LimitsSpec();

    private Builder() {
      spec.setTools(Arrays.asList(ToolName.values()));
      spec.setLimits(limits);
    }

    public Builder tools(ToolName... tools) {
      spec.setTools(List.of(tools));
      return this;
    }

    public Builder hosts(String... hosts) {
      spec.setAllowedHosts(List.of(hosts));
      return this;
    }

    public Builder dnsServers(String... servers) {
      spec.setDnsServers(List.of(servers));
      return this;
    }

    public Builder directories(String... dirs) {
      spec.setAllowedDirectories(List.of(dirs));
      return this;
    }

    public Builder remoteCommands(String... commands) {
      spec.setAllowedRemoteCommands(List.of(commands));
      return this;
    }

    /** Adds a remoteCommandRules entry: the command, what may follow it, the options it names. */
    public Builder remoteCommandRule(String command, RemoteArguments arguments, String... options) {
      RemoteCommandRule rule = new RemoteCommandRule();
      rule.setCommand(command);
      rule.setArguments(arguments);
      rule.setOptions(options.length == 0 ? null : List.of(options));
      List<RemoteCommandRule> rules = new ArrayList<>(
          spec.getRemoteCommandRules() == null ? List.of() : spec.getRemoteCommandRules());
      rules.add(rule);
      spec.setRemoteCommandRules(rules);
      return this;
    }

    public Builder sshUsers(Map<String, String> users) {
      SshSpec ssh = new SshSpec();
      ssh.setUsers(users);
      spec.setSsh(ssh);
      return this;
    }

    public Builder toolTimeoutSeconds(int seconds) {
      limits.setToolTimeoutSeconds(seconds);
      return this;
    }

    public Builder maxOutputBytes(long bytes) {
      limits.setMaxOutputBytes(bytes);
      return this;
    }

    public EffectivePolicy build() {
      return EffectivePolicy.compile("test", spec);
    }
  }
}
