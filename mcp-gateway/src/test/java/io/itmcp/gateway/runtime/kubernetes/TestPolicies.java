package io.itmcp.gateway.runtime.kubernetes;

import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.Limits;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Compiled policies built directly, so runtime tests do not depend on the policy compiler. */
final class TestPolicies {

  private TestPolicies() {
  }

  static EffectivePolicy named(String name) {
    return new EffectivePolicy(name, Set.of(), null, null, null, null, Map.of(),
        Limits.defaults()
            .withSessions(10, 2)
            .withCallsPerMinute(60)
            .withToolTimeout(Duration.ofSeconds(30))
            .withMaxOutputBytes(65536)
            .withSandboxTiming(Duration.ofHours(1), Duration.ofMinutes(10)));
  }
}
