package io.itmcp.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.runtime.local.BwrapCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bubblewrap command line, exactly: what each tool is shown of the host. */
class BwrapCommandTest {

  private static final List<String> SYSTEM =
      List.of("--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin");
  private static final BwrapCommand SESSION =
      new BwrapCommand(
          "bwrap",
          SYSTEM,
          List.of("/var/log", "/tmp/data"),
          List.of("/home/ops/.ssh/id_ed25519", "/tmp/known_hosts"),
          "/tmp/itmcp-reader-1/itmcp-read",
          true,
          false);

  private static List<String> binds(List<String> files) {
    return files.stream().flatMap(f -> List.of("--ro-bind-try", f, f).stream()).toList();
  }

  @Test
  void theFileReaderSeesTheSystemTheReaderAndTheAllowedDirectoriesOnly() {
    List<String> cmd =
        SESSION.wrap(
            List.of("itmcp-read", "--root", "/var/log", "--path", "/var/log/x", "--", "cat"),
            ExecTarget.SANDBOX);
    assertThat(cmd)
        .containsExactly(
            "bwrap",
            "--ro-bind",
            "/usr",
            "/usr",
            "--symlink",
            "usr/bin",
            "/bin",
            "--ro-bind-try",
            "/etc/ld.so.cache",
            "/etc/ld.so.cache",
            "--ro-bind",
            "/tmp/itmcp-reader-1/itmcp-read",
            "/run/itmcp/itmcp-read",
            "--dev",
            "/dev",
            "--tmpfs",
            "/tmp",
            "--ro-bind-try",
            "/var/log",
            "/var/log",
            "--ro-bind-try",
            "/tmp/data",
            "/tmp/data",
            "--remount-ro",
            "/",
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--hostname",
            "itmcp-sandbox",
            "--die-with-parent",
            "--new-session",
            "--cap-drop",
            "ALL",
            "--clearenv",
            "--setenv",
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "--setenv",
            "LANG",
            "C.UTF-8",
            "--setenv",
            "HOME",
            "/tmp",
            "--chdir",
            "/tmp",
            "--",
            "/run/itmcp/itmcp-read",
            "--root",
            "/var/log",
            "--path",
            "/var/log/x",
            "--",
            "cat");
    assertThat(cmd)
        .doesNotContain("/proc", "/etc/passwd", "/etc/resolv.conf", "/home/ops/.ssh/id_ed25519")
        .doesNotContainSequence("--ro-bind", "/", "/");
  }

  @Test
  void psAndTopGetTheirOwnProcAndTheNameFilesButNoAllowedDirectory() {
    List<String> cmd = SESSION.wrap(List.of("ps", "aux"), ExecTarget.SANDBOX);
    assertThat(cmd)
        .containsSequence(binds(BwrapCommand.IDENTITY_FILES))
        .containsSequence(
            "--dev",
            "/dev",
            "--proc",
            "/proc",
            "--tmpfs",
            "/tmp",
            "--remount-ro",
            "/",
            "--unshare-pid")
        .doesNotContain("/var/log", "/etc/resolv.conf", "/run/itmcp/itmcp-read");
    assertThat(SESSION.wrap(List.of("top", "-b"), ExecTarget.SANDBOX)).contains("--proc");
  }

  @Test
  void networkToolsGetResolutionAndCertificatesButNoProcAndOnlySshItsKeys() {
    List<String> ping = SESSION.wrap(List.of("ping", "-c", "1", "127.0.0.1"), ExecTarget.SANDBOX);
    assertThat(ping)
        .containsSequence(binds(BwrapCommand.NETWORK_FILES))
        .doesNotContain("--proc", "/var/log", "/home/ops/.ssh/id_ed25519", "/etc/shadow");
    List<String> ssh = SESSION.wrap(List.of("ssh", "-F", "none", "host"), ExecTarget.SANDBOX);
    assertThat(ssh)
        .containsSequence(
            "--tmpfs",
            "/tmp",
            "--ro-bind-try",
            "/home/ops/.ssh/id_ed25519",
            "/home/ops/.ssh/id_ed25519",
            "--ro-bind-try",
            "/tmp/known_hosts",
            "/tmp/known_hosts",
            "--remount-ro",
            "/");
    assertThat(BwrapCommand.NETWORK_FILES)
        .doesNotContain("/etc/shadow", "/etc/gshadow", "/etc/sudoers");
  }

  @Test
  void onlyTheCaptureTargetAndPingWithoutIcmpSocketsGetCapabilities() {
    BwrapCommand root = BwrapCommand.basic("bwrap", SYSTEM, true, false);
    assertThat(root.wrap(List.of("tcpdump", "-i", "lo"), ExecTarget.CAPTURE))
        .containsSequence(
            "--cap-drop",
            "ALL",
            "--cap-add",
            "CAP_NET_RAW",
            "--cap-add",
            "CAP_SETUID",
            "--cap-add",
            "CAP_SETGID",
            "--clearenv");
    assertThat(root.wrap(List.of("ping", "127.0.0.1"), ExecTarget.SANDBOX))
        .containsSequence("--cap-drop", "ALL", "--cap-add", "CAP_NET_RAW", "--clearenv");
    assertThat(root.wrap(List.of("tcpdump", "-i", "lo"), ExecTarget.SANDBOX))
        .doesNotContain("--cap-add");
    BwrapCommand icmpSockets = BwrapCommand.basic("bwrap", SYSTEM, true, true);
    assertThat(icmpSockets.wrap(List.of("ping", "127.0.0.1"), ExecTarget.SANDBOX))
        .doesNotContain("--cap-add");
    BwrapCommand unprivileged = BwrapCommand.basic("bwrap", SYSTEM, false, false);
    assertThat(unprivileged.wrap(List.of("tcpdump"), ExecTarget.CAPTURE))
        .doesNotContain("--cap-add");
  }

  @Test
  void aFileReadWithoutAReaderOrAHostWithoutUsrIsAnErrorNotAWiderView() {
    BwrapCommand noReader = BwrapCommand.basic("bwrap", SYSTEM, false, false);
    assertThatThrownBy(
            () ->
                noReader.wrap(
                    List.of("itmcp-read", "--root", "/x", "--path", "/x/y", "--", "cat"),
                    ExecTarget.SANDBOX))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no file reader");
    BwrapCommand noSystem = BwrapCommand.basic("bwrap", List.of(), false, false);
    assertThatThrownBy(() -> noSystem.wrap(List.of("ping"), ExecTarget.SANDBOX))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/usr");
  }
}
