package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.runtime.local.LocalSandboxRuntime.Availability;
import io.itmcp.gateway.ssh.SshCredentials;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The bubblewrap probe runs beside the policy's load ({@link RuntimeFactory#probeInBackground});
 * the runtime made from its answer decides as the probe run in line did.
 */
class RuntimeFactoryTest {

  @Test
  void aWorkingBubblewrapGivesTheSandboxedRuntime() {
    assertThat(
            RuntimeFactory.local(
                    false,
                    CompletableFuture.completedFuture(
                        new Availability(true, "bubblewrap works", "/usr/bin/bwrap")),
                    SshCredentials.none())
                .sandboxed())
        .isTrue();
  }

  @Test
  void withoutBubblewrapItRefusesWithTheProbesReasonUnlessUnsandboxedIsAllowed() {
    CompletableFuture<Availability> broken =
        CompletableFuture.completedFuture(
            new Availability(false, "bwrap: no permission", "/usr/bin/bwrap"));
    assertThatThrownBy(() -> RuntimeFactory.local(false, broken, SshCredentials.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("bwrap: no permission");
    assertThat(RuntimeFactory.local(true, broken, SshCredentials.none()).sandboxed()).isFalse();
  }

  @Test
  void aProbeThatFailedIsARefusalEvenWhenUnsandboxedIsAllowed() {
    CompletableFuture<Availability> failed =
        CompletableFuture.failedFuture(new IllegalArgumentException("no such directory"));
    assertThatThrownBy(() -> RuntimeFactory.local(true, failed, SshCredentials.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("checking bubblewrap failed")
        .hasMessageContaining("no such directory");
  }

  @Test
  void theBackgroundProbeAnswersAsTheProbeInLine() throws Exception {
    assertThat(RuntimeFactory.probeInBackground().get())
        .isEqualTo(io.itmcp.gateway.runtime.local.LocalSandboxRuntime.probe());
  }
}
