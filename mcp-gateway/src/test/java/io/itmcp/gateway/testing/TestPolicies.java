package io.itmcp.gateway.testing;

import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.LimitsSpec;
import io.itmcp.api.v1alpha1.RemoteArguments;
import io.itmcp.api.v1alpha1.RemoteCommandRule;
import io.itmcp.api.v1alpha1.SshSpec;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.tools.network.CaptureScope;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.Limits;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Policies for the gateway's tests: built directly as the compiled record ({@link #policy}, {@link
 * #named}), so that wiring and runtime tests do not depend on YAML parsing or the policy compiler,
 * or compiled by the real policy engine from a spec ({@link #builder}) for the tool tests.
 */
public final class TestPolicies {

  /**
   * tcpdump_tool's resolver for tests: no name is ever looked up (the network rule); names have no
   * address.
   */
  public static final CaptureScope.Resolver NO_LOOKUPS =
      name -> {
        throw new UnknownHostException(name + " (tests look up no names)");
      };

  private TestPolicies() {}

  public static Limits limits(int perUser, int callsPerMinute) {
    return Limits.defaults()
        .withSessions(50, perUser)
        .withCallsPerMinute(callsPerMinute)
        .withToolTimeout(Duration.ofSeconds(10))
        .withMaxOutputBytes(64 * 1024)
        .withSandboxTiming(Duration.ofHours(1), Duration.ofMinutes(10));
  }

  public static EffectivePolicy policy(Set<ToolName> tools, Limits limits) {
    return new EffectivePolicy(
        "test-policy", EnumSet.copyOf(tools), null, null, null, null, Map.of(), limits);
  }

  public static EffectivePolicy defaultPolicy() {
    return policy(EnumSet.of(ToolName.CAT, ToolName.PING), limits(3, 600));
  }

  /** A policy of that name with no tools, for the Kubernetes runtime's tests. */
  public static EffectivePolicy named(String name) {
    return new EffectivePolicy(
        name,
        Set.of(),
        null,
        null,
        null,
        null,
        Map.of(),
        Limits.defaults()
            .withSessions(10, 2)
            .withCallsPerMinute(60)
            .withToolTimeout(Duration.ofSeconds(30))
            .withMaxOutputBytes(65536)
            .withSandboxTiming(Duration.ofHours(1), Duration.ofMinutes(10)));
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
      List<RemoteCommandRule> rules =
          new ArrayList<>(
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
