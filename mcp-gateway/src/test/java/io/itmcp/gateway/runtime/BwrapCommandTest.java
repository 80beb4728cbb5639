package io.itmcp.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.runtime.local.BwrapCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bubblewrap command line, exactly. */
class BwrapCommandTest {

  @Test
  void sandboxTargetDropsEveryCapabilityAndClearsTheEnvironment() {
    BwrapCommand b = new BwrapCommand("bwrap", List.of("/tmp/allowed"), true, false);
    assertThat(b.wrap(List.of("cat", "--", "/tmp/allowed/x"), ExecTarget.SANDBOX)).containsExactly(
        "bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
        "--ro-bind-try", "/tmp/allowed", "/tmp/allowed",
        "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "itmcp-sandbox",
        "--die-with-parent", "--new-session", "--cap-drop", "ALL",
        "--clearenv", "--setenv", "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "--setenv", "LANG", "C.UTF-8", "--setenv", "HOME", "/tmp", "--chdir", "/tmp", "--",
        "cat", "--", "/tmp/allowed/x");
  }

  @Test
  void onlyTheCaptureTargetAndPingWithoutIcmpSocketsGetCapabilities() {
    BwrapCommand root = new BwrapCommand("bwrap", List.of(), true, false);
    assertThat(root.wrap(List.of("tcpdump", "-i", "lo"), ExecTarget.CAPTURE))
        .containsSequence("--cap-drop", "ALL", "--cap-add", "CAP_NET_RAW", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--clearenv");
    assertThat(root.wrap(List.of("ping", "127.0.0.1"), ExecTarget.SANDBOX)).containsSequence("--cap-drop", "ALL", "--cap-add", "CAP_NET_RAW", "--clearenv");
    assertThat(root.wrap(List.of("tcpdump", "-i", "lo"), ExecTarget.SANDBOX)).doesNotContain("--cap-add");
    BwrapCommand icmpSockets = new BwrapCommand("bwrap", List.of(), true, true);
    assertThat(icmpSockets.wrap(List.of("ping", "127.0.0.1"), ExecTarget.SANDBOX)).doesNotContain("--cap-add");
    BwrapCommand unprivileged = new BwrapCommand("bwrap", List.of(), false, false);
    assertThat(unprivileged.wrap(List.of("tcpdump"), ExecTarget.CAPTURE)).doesNotContain("--cap-add");
  }
}
