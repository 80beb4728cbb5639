package io.itmcp.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.Limits;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Sessions of the cluster runtime: bound to the policy they were opened under, which is looked up
 * on every use.
 */
class LiveSessionPoliciesTest {

  private static final Identity ALICE = new Identity("alice", List.of());
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Map<String, EffectivePolicy> cluster = new ConcurrentHashMap<>();

  private static EffectivePolicy policy(
      String name, EnumSet<ToolName> tools, int perUser, Duration idle) {
    return new EffectivePolicy(
        name,
        tools,
        null,
        null,
        null,
        null,
        Map.of(),
        Limits.defaults()
            .withSessions(50, perUser)
            .withCallsPerMinute(600)
            .withToolTimeout(Duration.ofSeconds(10))
            .withMaxOutputBytes(65536)
            .withSandboxTiming(Duration.ofHours(1), idle));
  }

  private SessionRegistry registry() {
    SessionPolicies live =
        new SessionPolicies() {
          @Override
          public String defaultName() {
            return "a";
          }

          @Override
          public EffectivePolicy current(String name) {
            EffectivePolicy p = cluster.get(name);
            if (p == null) {
              throw new IllegalStateException("there is no ItmcpPolicy " + name);
            }
            return p;
          }
        };
    return new SessionRegistry(new ProcessSandboxRuntime(), cluster.get("a"), live, now::get);
  }

  @Test
  void aSessionKeepsItsPolicyAndSeesItsEdits() {
    cluster.put("a", policy("a", EnumSet.of(ToolName.PING), 5, Duration.ofMinutes(5)));
    cluster.put("b", policy("b", EnumSet.of(ToolName.DIG), 5, Duration.ofMinutes(5)));
    SessionRegistry r = registry();
    GatewaySession s = r.reserve(ALICE, cluster.get("b")).bind("s1");
    assertThat(s.policyName()).isEqualTo("b");
    assertThat(r.currentPolicy(s).tools()).containsExactly(ToolName.DIG);
    cluster.put(
        "b", policy("b", EnumSet.of(ToolName.DIG, ToolName.PING), 5, Duration.ofMinutes(5)));
    assertThat(r.currentPolicy(s).tools()).containsExactlyInAnyOrder(ToolName.DIG, ToolName.PING);
    cluster.remove("b");
    assertThatThrownBy(() -> r.currentPolicy(s)).hasMessageContaining("there is no ItmcpPolicy b");
  }

  @Test
  void expiryUsesTheIdleTimeoutOfEachSessionsPolicy() {
    cluster.put("a", policy("a", EnumSet.of(ToolName.PING), 5, Duration.ofMinutes(5)));
    cluster.put("strict", policy("strict", EnumSet.of(ToolName.PING), 1, Duration.ofSeconds(30)));
    SessionRegistry r = registry();
    r.reserve(ALICE, cluster.get("strict")).bind("s1");
    r.reserve(ALICE, cluster.get("strict")).bind("s1b");
    assertThat(r.liveSessions(ALICE.user()))
        .as("sessions are not sandboxes: maxSessionsPerUser does not refuse them")
        .isEqualTo(2);
    r.reserve(ALICE, cluster.get("a")).bind("s2");

    // the reaper uses the idle timeout of each session's policy as last read
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    r.reap();
    assertThat(r.find("s1")).isEmpty();
    assertThat(r.find("s2")).isPresent();
  }
}
