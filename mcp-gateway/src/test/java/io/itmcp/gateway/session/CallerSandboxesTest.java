package io.itmcp.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.SandboxGoneException;
import io.itmcp.gateway.runtime.SandboxOwner;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.EffectivePolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The caller's sandbox as calls see it: reused, replaced when it has ended, let go when unused. */
class CallerSandboxesTest {

  private static final Identity ALICE = new Identity("alice", List.of());
  private static final ExecRequest TRUE =
      new ExecRequest(List.of("true"), ExecTarget.SANDBOX, Duration.ofSeconds(5), 100);
  private final AtomicLong now = new AtomicLong();
  private final EffectivePolicy policy =
      TestPolicies.policy(EnumSet.of(ToolName.CAT), TestPolicies.limits(1, 60));

  /**
   * Sandboxes numbered in order of opening; the ones in {@code endedAfterUse} are gone after their
   * first command.
   */
  private final class Runtime implements SandboxRuntime {
    final List<FakeSandbox> opened = new CopyOnWriteArrayList<>();

    @Override
    public Sandbox open(SandboxOwner owner, EffectivePolicy p) {
      FakeSandbox s = new FakeSandbox(opened.size() + 1);
      opened.add(s);
      return s;
    }

    @Override
    public String name() {
      return "fake";
    }
  }

  private static final class FakeSandbox implements Sandbox {
    final int number;
    volatile boolean gone;
    volatile boolean endedKnown;
    volatile int commands;
    volatile boolean detached;

    FakeSandbox(int number) {
      this.number = number;
    }

    @Override
    public ExecResult exec(ExecRequest request, ProgressListener progress) {
      if (gone) {
        throw new SandboxGoneException(
            "sandbox " + number + " has ended; the command was not started");
      }
      commands++;
      return new ExecResult(0, "ran in " + number, "", false, false, 1);
    }

    @Override
    public boolean ended() {
      return endedKnown;
    }

    @Override
    public void detach() {
      detached = true;
    }

    @Override
    public void close() {}
  }

  @Test
  void aCommandRefusedBecauseTheSandboxEndedRunsOnceInAFreshOne() throws Exception {
    Runtime runtime = new Runtime();
    CallerSandboxes sandboxes = new CallerSandboxes(runtime, now::get);
    Sandbox lease = sandboxes.sandboxFor(ALICE, policy, "inspector", "1");
    assertThat(lease.exec(TRUE, ProgressListener.NONE).stdout()).isEqualTo("ran in 1");

    runtime.opened.get(0).gone =
        true; // the operator ended it (idle timeout) while this replica held it
    ExecResult r =
        sandboxes.sandboxFor(ALICE, policy, "inspector", "1").exec(TRUE, ProgressListener.NONE);

    assertThat(r.stdout()).isEqualTo("ran in 2");
    assertThat(runtime.opened).hasSize(2);
    assertThat(runtime.opened.get(0).detached).isTrue();
  }

  @Test
  void aSandboxKnownToHaveEndedIsReplacedBeforeTheCommand() throws Exception {
    Runtime runtime = new Runtime();
    CallerSandboxes sandboxes = new CallerSandboxes(runtime, now::get);
    sandboxes.sandboxFor(ALICE, policy, "inspector", "1").exec(TRUE, ProgressListener.NONE);
    runtime.opened.get(0).endedKnown = true; // e.g. its activity report was answered 404

    sandboxes.sandboxFor(ALICE, policy, "inspector", "1").exec(TRUE, ProgressListener.NONE);

    assertThat(runtime.opened).hasSize(2);
    assertThat(runtime.opened.get(0).commands).isEqualTo(1);
    assertThat(runtime.opened.get(1).commands).isEqualTo(1);
  }

  @Test
  void unusedForTheIdleTimeoutItIsLetGoAndAtShutdownLeftToTheOtherReplicas() throws Exception {
    Runtime runtime = new Runtime();
    CallerSandboxes sandboxes = new CallerSandboxes(runtime, now::get);
    sandboxes.sandboxFor(ALICE, policy, "inspector", "1").exec(TRUE, ProgressListener.NONE);
    sandboxes.sandboxFor(ALICE, policy, "claude-code", "1").exec(TRUE, ProgressListener.NONE);

    now.addAndGet(policy.limits().idleTimeout().toNanos() - 1);
    sandboxes.sandboxFor(ALICE, policy, "claude-code", "1").exec(TRUE, ProgressListener.NONE);
    now.addAndGet(2);
    sandboxes.evictIdle();

    assertThat(runtime.opened.get(0).detached).isTrue();
    assertThat(runtime.opened.get(1).detached).isFalse();
    assertThat(sandboxes.held()).isEqualTo(1);
    sandboxes.close();
    assertThat(runtime.opened.get(1).detached).isTrue();
  }
}
