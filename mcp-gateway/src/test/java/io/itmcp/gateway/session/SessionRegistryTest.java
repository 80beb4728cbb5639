package io.itmcp.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.Limits;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

  private static final Identity ALICE = new Identity("alice", List.of());
  private static final Identity BOB = new Identity("bob", List.of());
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();

  private SessionRegistry registry(Limits limits) {
    return new SessionRegistry(runtime, TestPolicies.policy(EnumSet.of(ToolName.CAT), limits), now::get);
  }

  @Test
  void perUserAndTotalLimitsCountLiveAndReservedSessions() {
    SessionRegistry r = registry(new Limits(3, 2, 60, Duration.ofSeconds(5), 1000, Duration.ofHours(1),
        Duration.ofMinutes(5)));
    r.reserve(ALICE).bind("a1");
    SessionRegistry.Reservation pending = r.reserve(ALICE);
    assertThatThrownBy(() -> r.reserve(ALICE)).isInstanceOf(SessionRefusedException.class)
        .hasMessageContaining("'alice' already has 2").hasMessageContaining("limits.maxSessionsPerUser");
    pending.release();
    r.reserve(ALICE).bind("a2");
    r.reserve(BOB).bind("b1");
    assertThatThrownBy(() -> r.reserve(BOB)).hasMessageContaining("limits.maxSessions");
    r.end("a1", "test");
    r.reserve(BOB).bind("b2");
    assertThat(r.liveSessions()).isEqualTo(3);
  }

  @Test
  void aSessionBelongsToItsCreator() {
    SessionRegistry r = registry(TestPolicies.limits(5, 60));
    r.sessionFor("s", ALICE);
    assertThat(r.sessionFor("s", ALICE).identity()).isEqualTo(ALICE);
    assertThatThrownBy(() -> r.sessionFor("s", BOB)).hasMessageContaining("belongs to another user");
  }

  @Test
  void idleAndTtlExpiryEndSessionsAndCloseSandboxes() throws Exception {
    SessionRegistry r = registry(new Limits(10, 10, 60, Duration.ofSeconds(5), 1000, Duration.ofSeconds(100),
        Duration.ofSeconds(10)));
    GatewaySession idle = r.sessionFor("idle", ALICE);
    idle.sandbox(runtime, r.policy());
    GatewaySession busy = r.sessionFor("busy", ALICE);
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    busy.callStarted(now.get() - Duration.ofSeconds(11).toNanos());
    r.reap();
    assertThat(r.find("idle")).isEmpty();
    assertThat(idle.isClosed()).isTrue();
    assertThat(runtime.closed).containsExactly("idle");
    assertThat(r.find("busy")).as("a running call is not idle").isPresent();
    now.addAndGet(Duration.ofSeconds(90).toNanos());
    r.reap();
    assertThat(r.find("busy")).as("TTL ends even a busy session").isEmpty();
  }

  @Test
  void theRateLimiterAllowsNPerSlidingMinuteAndSaysWhenToRetry() {
    CallRateLimiter l = new CallRateLimiter(2);
    long t = 0;
    assertThat(l.tryAcquire(t)).isZero();
    assertThat(l.tryAcquire(t + 10_000_000_000L)).isZero();
    long wait = l.tryAcquire(t + 20_000_000_000L);
    assertThat(wait).isEqualTo(40_000);
    assertThat(l.tryAcquire(t + 60_000_000_000L)).isZero();
    assertThat(new CallRateLimiter(0).tryAcquire(5)).as("0 means unlimited").isZero();
  }
}
