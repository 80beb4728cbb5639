package io.itmcp.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.Limits;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Idle and TTL expiry read from an injected clock: minutes pass in nanoseconds, nothing sleeps. */
class SessionReaperTest {

  private static final Identity ALICE = new Identity("alice", List.of());
  private static final Duration TTL = Duration.ofSeconds(100);
  private static final Duration IDLE = Duration.ofSeconds(10);

  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final SessionReaper reaper = new SessionReaper(now::get);

  private static EffectivePolicy policy(Duration ttl, Duration idle) {
    return TestPolicies.policy(
        EnumSet.of(ToolName.CAT), Limits.defaults().withSandboxTiming(ttl, idle));
  }

  private GatewaySession session(String id, EffectivePolicy policy) {
    return new GatewaySession(id, ALICE, policy, now.get());
  }

  private void tick(Duration d) {
    now.addAndGet(d.toNanos());
  }

  private List<String> expiredIds(GatewaySession... sessions) {
    return reaper.expired(List.of(sessions)).stream().map(e -> e.session().id()).toList();
  }

  @Test
  void aSessionIdleExactlyItsIdleTimeoutExpiresAndNotANanosecondEarlier() {
    GatewaySession s = session("s", policy(TTL, IDLE));
    tick(IDLE.minusNanos(1));
    assertThat(reaper.expired(List.of(s))).isEmpty();
    tick(Duration.ofNanos(1));
    assertThat(reaper.expired(List.of(s)))
        .singleElement()
        .satisfies(e -> assertThat(e.why()).isEqualTo("idle for 10s"));
  }

  @Test
  void activityRestartsTheIdleClock() {
    GatewaySession s = session("s", policy(TTL, IDLE));
    tick(Duration.ofSeconds(9));
    s.touch(now.get());
    tick(Duration.ofSeconds(9));
    assertThat(expiredIds(s)).as("idle 9s since its last use").isEmpty();
    tick(Duration.ofSeconds(1));
    assertThat(expiredIds(s)).containsExactly("s");
  }

  @Test
  void aRunningCallIsNotIdleHoweverLongItRuns() {
    GatewaySession s = session("s", policy(TTL, IDLE));
    s.callStarted(now.get());
    tick(Duration.ofSeconds(60));
    assertThat(expiredIds(s)).isEmpty();
    s.callEnded(now.get());
    tick(IDLE);
    assertThat(expiredIds(s)).as("idle again once the call ended").containsExactly("s");
  }

  @Test
  void theTtlEndsEvenABusySessionAndCountsFromItsCreation() {
    GatewaySession s = session("s", policy(TTL, IDLE));
    tick(TTL.minusSeconds(1));
    s.callStarted(now.get());
    assertThat(expiredIds(s)).isEmpty();
    tick(Duration.ofSeconds(1));
    assertThat(reaper.expired(List.of(s)))
        .singleElement()
        .satisfies(e -> assertThat(e.why()).isEqualTo("TTL of 100s reached"));
  }

  @Test
  void aSessionPastBothIsReportedForItsTtl() {
    GatewaySession s = session("s", policy(TTL, IDLE));
    tick(TTL);
    assertThat(reaper.expired(List.of(s)))
        .singleElement()
        .satisfies(e -> assertThat(e.why()).startsWith("TTL"));
  }

  @Test
  void eachSessionExpiresByThePolicyItLastRead() {
    GatewaySession strict = session("strict", policy(TTL, IDLE));
    GatewaySession lenient = session("lenient", policy(TTL, Duration.ofSeconds(60)));
    tick(Duration.ofSeconds(30));
    assertThat(expiredIds(strict, lenient)).containsExactly("strict");

    lenient.policyRead(policy(TTL, Duration.ofSeconds(20)));
    assertThat(expiredIds(lenient))
        .as("an edit of its policy holds from its next read")
        .containsExactly("lenient");
  }

  @Test
  void aZeroTimeoutNeverExpires() {
    GatewaySession s = session("s", policy(Duration.ZERO, Duration.ZERO));
    tick(Duration.ofDays(3));
    assertThat(expiredIds(s)).isEmpty();
  }

  @Test
  void theClockIsReadAtEachSweep() {
    GatewaySession s = session("s", policy(TTL, IDLE));
    assertThat(expiredIds(s)).isEmpty();
    tick(IDLE);
    assertThat(expiredIds(s)).containsExactly("s");
  }
}
