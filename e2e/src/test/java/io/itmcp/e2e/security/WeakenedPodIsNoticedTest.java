package io.itmcp.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.itmcp.e2e.docker.RequiresDockerEngine;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The other direction: the rendered Pod weakened the way a careless renderer change would (ping
 * sysctl gone, root filesystem writable, capabilities kept, privilege escalation allowed), run
 * through the same translation, shows each weakness to the very probes the security and tool tests
 * use. So those tests fail when the renderer changes, rather than passing on Docker's defaults.
 */
@ExtendWith(RequiresDockerEngine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeakenedPodIsNoticedTest {
  private SandboxPodEnvironment env;

  static Pod weaken(Pod rendered) {
    return new PodBuilder(rendered)
        .editSpec()
        .editSecurityContext()
        .withSysctls(List.of())
        .endSecurityContext()
        .editFirstContainer()
        .editSecurityContext()
        .withReadOnlyRootFilesystem(false)
        .withAllowPrivilegeEscalation(true)
        .withCapabilities(null)
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  @BeforeAll
  void startWeakenedPod() {
    env = SandboxPodEnvironment.start("weakened", WeakenedPodIsNoticedTest::weaken);
  }

  @AfterAll
  void removePod() {
    if (env != null) {
      env.close();
    }
  }

  private ExecResult sandbox(String... argv) throws InterruptedException {
    return env.sandbox.exec(
        new ExecRequest(List.of(argv), ExecTarget.SANDBOX, Duration.ofSeconds(20), 1 << 20),
        ProgressListener.NONE);
  }

  @Test
  void withoutThePingSysctlPingFailsAsItWouldOnTheNode() throws Exception {
    ExecResult ping = sandbox("ping", "-n", "-c", "1", "-W", "2", "--", env.peers.sshIp);
    assertThat(ping.exitCode()).isNotZero();
    assertThat(ping.stderr()).contains("Operation not permitted");
  }

  @Test
  void aWritableRootFilesystemNoLongerSaysReadOnly() throws Exception {
    ExecResult touch = sandbox("touch", "/etc/x");
    assertThat(touch.stderr()).doesNotContain("Read-only file system");
  }

  @Test
  void keptCapabilitiesAndAllowedEscalationShowInTheKernel() throws Exception {
    String status = sandbox("cat", "/proc/self/status").stdout();
    assertThat(LinuxCapabilities.decode(LinuxCapabilities.field(status, "CapBnd")))
        .as("the runtime default set comes back")
        .contains("NET_RAW", "SETUID", "CHOWN");
    assertThat(LinuxCapabilities.field(status, "NoNewPrivs")).isEqualTo("0");
  }
}
