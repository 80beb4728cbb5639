package io.itmcp.gateway.testing;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.Limits;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Policies built directly (the compiled record), so wiring tests do not depend on YAML parsing. */
public final class TestPolicies {

  private TestPolicies() {
  }

  public static Limits limits(int perUser, int callsPerMinute) {
    return Limits.defaults()
        .withSessions(50, perUser)
        .withCallsPerMinute(callsPerMinute)
        .withToolTimeout(Duration.ofSeconds(10))
        .withMaxOutputBytes(64 * 1024)
        .withSandboxTiming(Duration.ofHours(1), Duration.ofMinutes(10));
  }

  public static EffectivePolicy policy(Set<ToolName> tools, Limits limits) {
    return new EffectivePolicy("test-policy", EnumSet.copyOf(tools), null, null, null, null, Map.of(), limits);
  }

  public static EffectivePolicy defaultPolicy() {
    return policy(EnumSet.of(ToolName.CAT, ToolName.PING), limits(3, 600));
  }
}
