package io.itmcp.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.runtime.local.BwrapCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bubblewrap command line, exactly. */
class BwrapCommandTest {

  @Test
  void sandboxTargetDropsEveryCapabilityAndClearsTheEnvironment() {
    BwrapCommand b = new BwrapCommand("bwrap", List.of("/tmp/allowed"), List.of("/tmp/allowed"), List.of(), true, false);
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
    BwrapCommand root = BwrapCommand.basic("bwrap", true, false);
    assertThat(root.wrap(List.of("tcpdump", "-i", "lo"), ExecTarget.CAPTURE))
        .containsSequence("--cap-drop", "ALL", "--cap-add", "CAP_NET_RAW", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--clearenv");
    assertThat(root.wrap(List.of("ping", "127.0.0.1"), ExecTarget.SANDBOX)).containsSequence("--cap-drop", "ALL", "--cap-add", "CAP_NET_RAW", "--clearenv");
    assertThat(root.wrap(List.of("tcpdump", "-i", "lo"), ExecTarget.SANDBOX)).doesNotContain("--cap-add");
    BwrapCommand icmpSockets = BwrapCommand.basic("bwrap", true, true);
    assertThat(icmpSockets.wrap(List.of("ping", "127.0.0.1"), ExecTarget.SANDBOX)).doesNotContain("--cap-add");
    BwrapCommand unprivileged = BwrapCommand.basic("bwrap", false, false);
    assertThat(unprivileged.wrap(List.of("tcpdump"), ExecTarget.CAPTURE)).doesNotContain("--cap-add");
  }

  @Test
  void fileToolsSeeOnlyTheSystemAndTheAllowedDirectories() {
    List<String> system = List.of("--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin");
    BwrapCommand b = new BwrapCommand("bwrap", List.of(), List.of("/var/log", "/tmp/data"), system, true, false);
    assertThat(b.wrap(List.of("tail", "-n", "1", "--", "/var/log/x"), ExecTarget.SANDBOX)).startsWith(
        "bwrap", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--dev", "/dev", "--proc", "/proc",
        "--tmpfs", "/tmp", "--ro-bind-try", "/var/log", "/var/log", "--ro-bind-try", "/tmp/data", "/tmp/data",
        "--unshare-pid").doesNotContainSequence("--ro-bind", "/", "/");
    assertThat(b.wrap(List.of("realpath", "-e", "--", "/var/log/x"), ExecTarget.SANDBOX)).containsSequence("--ro-bind", "/", "/");
    assertThat(b.wrap(List.of("ping", "127.0.0.1"), ExecTarget.SANDBOX)).containsSequence("--ro-bind", "/", "/");
    BwrapCommand rootAllowed = new BwrapCommand("bwrap", List.of(), List.of("/"), system, true, false);
    assertThat(rootAllowed.wrap(List.of("cat", "/etc/hostname"), ExecTarget.SANDBOX)).containsSequence("--ro-bind", "/", "/");
  }
}
