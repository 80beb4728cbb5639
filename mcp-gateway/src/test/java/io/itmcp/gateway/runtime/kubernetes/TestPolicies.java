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
        new Limits(10, 2, 60, Duration.ofSeconds(30), 65536, Duration.ofHours(1), Duration.ofMinutes(10)));
  }
}
