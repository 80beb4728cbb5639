package io.itmcp.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.docker.DockerSandbox;
import io.itmcp.e2e.docker.RequiresDockerEngine;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.e2e.pod.PodToDockerSettings;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.operator.config.OperatorOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Pod security claims of docs/architecture.md, checked inside a real container started with the
 * settings of the Pod the operator renders (not asserted on the YAML: seen to hold in the kernel).
 */
@ExtendWith(RequiresDockerEngine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxSecurityTest {
  private SandboxPodEnvironment env;

  @BeforeAll
  void startPod() {
    env = SandboxPodEnvironment.start("security");
  }

  @AfterAll
  void removePod() {
    if (env != null) {
      env.close();
    }
  }

  private ExecResult run(ExecTarget target, String... argv) throws InterruptedException {
    return env.sandbox.exec(
        new ExecRequest(List.of(argv), target, Duration.ofSeconds(60), 1 << 20),
        ProgressListener.NONE);
  }

  private ExecResult sandbox(String... argv) throws InterruptedException {
    return run(ExecTarget.SANDBOX, argv);
  }

  private static String describe(ExecResult r) {
    return "exit " + r.exitCode() + "\nstdout: " + r.stdout() + "\nstderr: " + r.stderr();
  }

  @Test
  void rootFilesystemAndMountsCannotBeWritten() throws Exception {
    for (String path :
        List.of("/etc/x", "/x", "/usr/bin/x", "/var/log/app/x", "/var/run/itmcp/ssh/x")) {
      ExecResult r = sandbox("touch", "--", path);
      assertThat(r.exitCode()).as("touch " + path + ": " + describe(r)).isNotZero();
      assertThat(r.stderr()).as(path).contains("Read-only file system");
    }
    assertThat(sandbox("touch", "--", "/tmp/scratch").exitCode())
        .as("/tmp stays writable")
        .isZero();
  }

  @Test
  void theSandboxHoldsNoCapabilityAndCannotGainOne() throws Exception {
    ExecResult status = sandbox("cat", "/proc/self/status");
    for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
      assertThat(LinuxCapabilities.decode(LinuxCapabilities.field(status.stdout(), set)))
          .as(set)
          .isEmpty();
    }
    assertThat(LinuxCapabilities.field(status.stdout(), "NoNewPrivs"))
        .as("no-new-privileges")
        .isEqualTo("1");
    assertThat(LinuxCapabilities.field(status.stdout(), "Seccomp"))
        .as("a seccomp filter (RuntimeDefault) is on")
        .isEqualTo("2");
    ExecResult pid1 = sandbox("cat", "/proc/1/status");
    assertThat(LinuxCapabilities.decode(LinuxCapabilities.field(pid1.stdout(), "CapEff")))
        .as("pod's own process")
        .isEmpty();
    ExecResult ping = sandbox("ping", "-n", "-c", "1", "-W", "2", "--", env.peers.sshIp);
    assertThat(ping.exitCode())
        .as("ping works without NET_RAW (ping_group_range): " + describe(ping))
        .isZero();
  }

  @Test
  void runsAsTheImagesNonRootUserAndGroup() throws Exception {
    PodSecurityContext rendered = env.pod.getSpec().getSecurityContext();
    String imageUser =
        Docker.checked("image", "inspect", "-f", "{{ .Config.User }}", env.sandboxSettings.image())
            .strip();
    assertThat(rendered.getRunAsUser() + ":" + rendered.getRunAsGroup())
        .as("the Pod runs the image's own user (65532:65532), who has a passwd entry ssh needs")
        .isEqualTo(imageUser)
        .isEqualTo("65532:65532");
    ExecResult status = sandbox("cat", "/proc/1/status");
    assertThat(LinuxCapabilities.field(status.stdout(), "Uid"))
        .isEqualTo("65532\t65532\t65532\t65532");
    assertThat(LinuxCapabilities.field(status.stdout(), "Gid"))
        .isEqualTo("65532\t65532\t65532\t65532");
    ExecResult id = sandbox("id");
    assertThat(id.stdout().strip())
        .as(describe(id))
        .startsWith("uid=65532(sandbox) gid=65532(sandbox)");
  }

  @Test
  void nothingOnTheRootFilesystemIsSetuidOrSetgid() throws Exception {
    ExecResult r = sandbox("find", "/", "-xdev", "-perm", "/6000", "-type", "f");
    assertThat(r.stdout()).as("setuid/setgid files: " + describe(r)).isEmpty();
    assertThat(r.stdout() + r.stderr()).as("find ran").doesNotContain("executable file not found");
  }

  @Test
  void thereIsNoShellToRun() throws Exception {
    for (String shell : List.of("sh", "bash", "dash", "perl")) {
      ExecResult r = sandbox(shell, "-c", "id");
      assertThat(r.exitCode()).as(shell + ": " + describe(r)).isNotZero();
      assertThat(r.stdout()).doesNotContain("uid=");
    }
  }

  @Test
  void tmpIsATmpfsWithTheRenderedSizeLimit() throws Exception {
    long limit =
        Quantity.getAmountInBytes(new Quantity(OperatorOptions.defaults().tmpSizeLimit()))
            .longValueExact();
    ExecResult mounts = sandbox("cat", "/proc/self/mounts");
    String tmp =
        mounts
            .stdout()
            .lines()
            .filter(l -> l.split(" ")[1].equals("/tmp"))
            .findFirst()
            .orElseThrow();
    assertThat(tmp)
        .startsWith("tmpfs /tmp tmpfs ")
        .contains("size=" + limit / 1024 + "k")
        .contains("nosuid");
    ExecResult fill =
        sandbox("dd", "if=/dev/zero", "of=/tmp/fill", "bs=1M", "count=" + (limit / (1 << 20) + 16));
    assertThat(fill.exitCode()).as(describe(fill)).isNotZero();
    assertThat(fill.stderr()).contains("No space left on device");
    sandbox("rm", "-f", "/tmp/fill");
  }

  @Test
  void theCaptureContainerHoldsOnlyWhatTheRendererGaveIt() throws Exception {
    ExecResult status = run(ExecTarget.CAPTURE, "cat", "/proc/self/status");
    var expected =
        PodToDockerSettings.effectiveCapabilities(
            env.pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(SessionContract.CAPTURE_CONTAINER))
                .findFirst()
                .orElseThrow()
                .getSecurityContext()
                .getCapabilities());
    assertThat(LinuxCapabilities.decode(LinuxCapabilities.field(status.stdout(), "CapBnd")))
        .containsExactlyInAnyOrderElementsOf(expected)
        .contains("NET_RAW")
        .doesNotContain("SYS_ADMIN", "NET_ADMIN", "DAC_OVERRIDE", "SYS_PTRACE", "CHOWN", "FOWNER");
    assertThat(LinuxCapabilities.field(status.stdout(), "NoNewPrivs")).isEqualTo("1");
    ExecResult write = run(ExecTarget.CAPTURE, "touch", "/etc/x");
    assertThat(write.stderr()).as(describe(write)).contains("Read-only file system");
  }

  @Test
  void theSandboxCannotSeeTheCaptureContainersProcesses() throws Exception {
    ExecResult ps = sandbox("ps", "-e", "-o", "user:12,comm");
    assertThat(ps.stdout())
        .as("separate PID namespaces, as in a pod without shareProcessNamespace")
        .doesNotContain("root ");
    assertThat(env.sandbox).isInstanceOf(DockerSandbox.class);
  }
}
