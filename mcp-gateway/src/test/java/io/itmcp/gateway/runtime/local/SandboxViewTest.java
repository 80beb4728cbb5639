package io.itmcp.gateway.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.runtime.Binaries;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each tool's bubblewrap sandbox shows of this host, looked at from inside: the exact settings
 * a tool gets ({@link BwrapCommand#settings}) with a looking program in place of the tool.
 */
class SandboxViewTest {

  @TempDir static Path allowed;
  private static BwrapCommand session;

  @BeforeAll
  static void session() throws IOException {
    Binaries.require("bwrap");
    LocalSandboxRuntime.Availability availability = LocalSandboxRuntime.probe();
    if (!availability.available()) {
      Binaries.unavailable("bubblewrap does not work here: " + availability.detail());
    }
    Files.writeString(allowed.resolve("app.log"), "hello\n");
    session =
        new BwrapCommand(
            "bwrap",
            HostFacts.systemView(),
            List.of(allowed.toString()),
            List.of(),
            ReaderBinary.path().orElseThrow().toString(),
            HostFacts.runningAsRoot(),
            HostFacts.unprivilegedIcmp());
  }

  /** Runs {@code look} under the settings {@code tool} would get. */
  private static ExecResult lookAs(List<String> tool, ExecTarget target, String... look)
      throws InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bwrap"));
    cmd.addAll(session.settings(tool, target));
    cmd.add("--");
    cmd.addAll(List.of(look));
    return ProcessRunner.run(
        cmd, Duration.ofSeconds(20), 1 << 20, ProgressListener.NONE, p -> {}, p -> {});
  }

  private static final List<String> FILE_READ =
      List.of("itmcp-read", "--root", "/x", "--path", "/x/y", "--", "cat");

  @Test
  void theFileReaderSeesNoProcNoHomeNoSecretsAndNoHostFileOutsideTheAllowedDirectory()
      throws Exception {
    ExecResult root = lookAs(FILE_READ, ExecTarget.SANDBOX, "ls", "-A", "/");
    assertThat(root.stdout().lines().toList())
        .as(root.stderr())
        .doesNotContain("proc", "root", "home", "sys", "var", "boot", "srv", "opt", "mnt")
        .contains("usr", "tmp", "etc", "dev", "run");
    ExecResult etc = lookAs(FILE_READ, ExecTarget.SANDBOX, "ls", "-A", "/etc");
    assertThat(etc.stdout().lines().toList())
        .as("only the loader cache of /etc")
        .containsExactly("ld.so.cache");
    for (String hidden :
        List.of(
            "/proc/self/status",
            "/proc/net/tcp",
            "/etc/shadow",
            "/etc/passwd",
            "/root",
            "/home",
            "/sys/kernel",
            "/var/log")) {
      ExecResult r = lookAs(FILE_READ, ExecTarget.SANDBOX, "ls", "-d", hidden);
      assertThat(r.exitCode())
          .as(hidden + " must not exist in the file reader's sandbox: " + r.stdout())
          .isNotZero();
    }
    ExecResult file =
        lookAs(FILE_READ, ExecTarget.SANDBOX, "cat", allowed.resolve("app.log").toString());
    assertThat(file.stdout())
        .as("the allowed directory is there: " + file.stderr())
        .isEqualTo("hello\n");
    ExecResult write =
        lookAs(FILE_READ, ExecTarget.SANDBOX, "touch", allowed.resolve("new").toString());
    assertThat(write.stderr()).contains("Read-only file system");
    ExecResult dev = lookAs(FILE_READ, ExecTarget.SANDBOX, "ls", "/dev");
    assertThat(dev.stdout().lines().toList())
        .as("a minimal /dev")
        .contains("null", "zero", "urandom")
        .doesNotContain("sda", "vda", "nvme0", "mem", "kmsg");
  }

  @Test
  void psAndTopSeeTheirOwnProcButNoAllowedDirectoryAndNoResolverFiles() throws Exception {
    ExecResult proc =
        lookAs(List.of("ps"), ExecTarget.SANDBOX, "ls", "/proc/self/status", "/etc/passwd");
    assertThat(proc.exitCode()).as(proc.stderr()).isZero();
    ExecResult caps =
        lookAs(List.of("ps"), ExecTarget.SANDBOX, "grep", "^CapEff", "/proc/self/status");
    assertThat(caps.stdout()).contains("0000000000000000");
    for (String hidden :
        List.of(allowed.toString(), "/etc/resolv.conf", "/etc/shadow", "/root", "/home")) {
      assertThat(lookAs(List.of("top"), ExecTarget.SANDBOX, "ls", "-d", hidden).exitCode())
          .as(hidden)
          .isNotZero();
    }
  }

  @Test
  void networkToolsSeeNoProcNoAllowedDirectoryAndNoShadow() throws Exception {
    for (String hidden :
        List.of("/proc/self/status", allowed.toString(), "/etc/shadow", "/root", "/home")) {
      ExecResult r = lookAs(List.of("ping"), ExecTarget.SANDBOX, "ls", "-d", hidden);
      assertThat(r.exitCode()).as(hidden).isNotZero();
    }
    ExecResult nc = lookAs(List.of("nc"), ExecTarget.SANDBOX, "ls", "-L", "/usr/bin/nc");
    assertThat(nc.exitCode())
        .as("Debian's alternatives link for nc resolves: " + nc.stderr())
        .isZero();
  }

  @Test
  void theCaptureTargetHoldsNetRawSetuidAndSetgidOnlyWhenRunAsRoot() throws Exception {
    if (!HostFacts.runningAsRoot()) {
      Binaries.unavailable("capabilities are granted only when the gateway runs as root");
    }
    List<String> cmd = new ArrayList<>(List.of("bwrap"));
    cmd.addAll(session.settings(List.of("tcpdump"), ExecTarget.CAPTURE));
    // The capture view has no /proc of its own; bind one for looking (ps's view adds the same).
    cmd.addAll(cmd.indexOf("--tmpfs"), List.of("--proc", "/proc"));
    cmd.addAll(List.of("--", "grep", "^CapEff", "/proc/self/status"));
    ExecResult caps =
        ProcessRunner.run(
            cmd, Duration.ofSeconds(20), 4096, ProgressListener.NONE, p -> {}, p -> {});
    // CAP_SETGID (6), CAP_SETUID (7), CAP_NET_RAW (13): 0x20c0.
    assertThat(caps.stdout()).as(caps.stderr()).contains("00000000000020c0");
  }
}
