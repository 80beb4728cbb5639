package io.itmcp.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.SandboxSharing;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.EffectivePolicy;
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
    return registry(
        TestPolicies.policy(EnumSet.of(ToolName.CAT), limits), LegacySessionBounds.defaults());
  }

  private SessionRegistry registry(EffectivePolicy policy, LegacySessionBounds bounds) {
    return new SessionRegistry(runtime, policy, SessionPolicies.fixed(policy), now::get, bounds);
  }

  private static EffectivePolicy sharedPerMcpSession(EffectivePolicy p) {
    return new EffectivePolicy(
        p.name(),
        p.tools(),
        p.hosts(),
        p.dnsServers(),
        p.paths(),
        p.remoteCommands(),
        p.sshUsers(),
        p.limits(),
        SandboxSharing.PerMcpSession);
  }

  private void tick(Duration d) {
    now.addAndGet(d.toNanos());
  }

  private static void run(Sandbox sandbox) throws InterruptedException {
    sandbox.exec(
        new ExecRequest(List.of("true"), ExecTarget.SANDBOX, Duration.ofSeconds(5), 100),
        ProgressListener.NONE);
  }

  @Test
  void sessionsThatAreNeverClosedNeverLockAUserOutTheLeastRecentlyUsedIsForgotten() {
    SessionRegistry r =
        registry(
            TestPolicies.policy(EnumSet.of(ToolName.CAT), TestPolicies.limits(1, 60)),
            new LegacySessionBounds(3, 5));
    for (int i = 1; i <= 3; i++) {
      r.reserve(ALICE).bind("a" + i);
      tick(Duration.ofSeconds(1));
    }
    r.find("a1")
        .orElseThrow()
        .touch(r.now()); // a1 is used again: a2 is now the least recently used
    tick(Duration.ofSeconds(1));
    r.reserve(BOB).bind("b1");

    GatewaySession fourth = r.reserve(ALICE).bind("a4");

    assertThat(fourth.id()).isEqualTo("a4");
    assertThat(r.find("a2"))
        .as("alice's least recently used session is forgotten (its client gets 404)")
        .isEmpty();
    assertThat(r.find("a1")).isPresent();
    assertThat(r.find("b1")).as("another user's session is not touched").isPresent();
    assertThat(r.liveSessions(ALICE.user())).isEqualTo(3);

    r.reserve(BOB).bind("b2");
    r.reserve(BOB).bind("b3");
    assertThat(r.liveSessions()).as("the total bound holds across users").isEqualTo(5);
    assertThat(r.find("a3")).as("the least recently used of all").isEmpty();
  }

  @Test
  void theBoundsAreChecked() {
    assertThatThrownBy(() -> new LegacySessionBounds(0, 5)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new LegacySessionBounds(6, 5))
        .hasMessageContaining("at most the total");
  }

  @Test
  void aSessionBelongsToItsCreator() {
    SessionRegistry r = registry(TestPolicies.limits(5, 60));
    r.sessionFor("s", ALICE);
    assertThat(r.sessionFor("s", ALICE).identity()).isEqualTo(ALICE);
    assertThatThrownBy(() -> r.sessionFor("s", BOB))
        .hasMessageContaining("belongs to another user");
  }

  @Test
  void allSessionsOfOneCallerShareOneSandboxThatOutlivesThem() throws Exception {
    SessionRegistry r = registry(TestPolicies.limits(1, 60));
    GatewaySession first = r.reserve(ALICE).bind("s1");
    first.clientInfo("inspector", "0.16");
    GatewaySession second = r.reserve(ALICE).bind("s2");
    second.clientInfo("inspector", "0.17");
    GatewaySession other = r.reserve(ALICE).bind("s3");
    other.clientInfo("claude-code", "2.0");

    run(r.sandboxes().sandboxFor(first, r.policy()));
    run(r.sandboxes().sandboxFor(second, r.policy()));
    run(r.sandboxes().sandboxFor(other, r.policy()));
    r.end("s1", "deleted by the client");
    run(r.sandboxes().sandboxFor(second, r.policy()));

    assertThat(runtime.opened)
        .as("one sandbox per (user, policy, client name), whatever the version")
        .containsExactly("alice/test-policy/inspector", "alice/test-policy/claude-code");
    assertThat(runtime.closed)
        .as("closing an MCP session does not end its caller's sandbox")
        .isEmpty();
    assertThat(r.sandboxes().sandboxFor(ALICE, r.policy(), "inspector", "1.0")).isNotNull();
    run(r.sandboxes().sandboxFor(ALICE, r.policy(), "inspector", "1.0"));
    assertThat(runtime.opened)
        .as("a request without a session reaches the same sandbox")
        .hasSize(2);
  }

  @Test
  void perMcpSessionGivesEachSessionItsOwnSandboxEndedWithIt() throws Exception {
    EffectivePolicy policy =
        sharedPerMcpSession(
            TestPolicies.policy(EnumSet.of(ToolName.CAT), TestPolicies.limits(5, 60)));
    SessionRegistry r = registry(policy, LegacySessionBounds.defaults());
    GatewaySession first = r.reserve(ALICE).bind("s1");
    GatewaySession second = r.reserve(ALICE).bind("s2");
    run(r.sandboxes().sandboxFor(first, policy));
    run(r.sandboxes().sandboxFor(second, policy));

    r.end("s1", "deleted by the client");

    assertThat(runtime.opened).containsExactly("s1", "s2");
    assertThat(runtime.closed).containsExactly("s1");
    r.close();
    assertThat(runtime.closed)
        .as("at shutdown the replica's own sessions end with their sandboxes")
        .containsExactly("s1", "s2");
  }

  @Test
  void idleAndTtlExpiryEndSessionsButNotTheCallersSandbox() throws Exception {
    SessionRegistry r =
        registry(
            Limits.defaults()
                .withSessions(10, 10)
                .withCallsPerMinute(60)
                .withToolTimeout(Duration.ofSeconds(5))
                .withMaxOutputBytes(1000)
                .withSandboxTiming(Duration.ofSeconds(100), Duration.ofSeconds(10)));
    GatewaySession idle = r.sessionFor("idle", ALICE);
    run(r.sandboxes().sandboxFor(idle, r.policy()));
    GatewaySession busy = r.sessionFor("busy", ALICE);
    tick(Duration.ofSeconds(11));
    busy.callStarted(now.get() - Duration.ofSeconds(11).toNanos());
    r.reap();
    assertThat(r.find("idle")).isEmpty();
    assertThat(idle.isClosed()).isTrue();
    assertThat(runtime.closed).isEmpty();
    assertThat(r.sandboxes().held())
        .as("unused here for the idle timeout: let go (the operator ends it)")
        .isZero();
    assertThat(r.find("busy")).as("a running call is not idle").isPresent();
    tick(Duration.ofSeconds(90));
    r.reap();
    assertThat(r.find("busy")).as("TTL ends even a busy session").isEmpty();
  }

  @Test
  void callsPerMinuteAreCountedPerUserAndPolicyNotPerSession() {
    CallRateLimits limits = new CallRateLimits();
    long t = 0;
    assertThat(limits.tryAcquire("alice", "p", 2, t)).isZero();
    assertThat(limits.tryAcquire("alice", "p", 2, t + 1)).isZero();
    assertThat(limits.tryAcquire("alice", "p", 2, t + 2))
        .as("a new MCP session is the same user and policy")
        .isPositive();
    assertThat(limits.tryAcquire("alice", "other", 2, t + 3))
        .as("another policy has its own budget")
        .isZero();
    assertThat(limits.tryAcquire("bob", "p", 2, t + 4)).isZero();
    assertThat(limits.tryAcquire("alice", "p", 3, t + 5))
        .as("a raised limit holds at once")
        .isZero();
    limits.evictIdle(t + 61_000_000_000L);
    assertThat(limits.tracked()).as("budgets idle for a minute are forgotten").isZero();
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
