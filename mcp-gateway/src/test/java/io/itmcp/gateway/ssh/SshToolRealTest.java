package io.itmcp.gateway.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.Binaries;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.tools.ToolCallRunner;
import io.itmcp.gateway.tools.network.SshTool;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssh_tool against two sshd the test starts on loopback with throwaway keys: the first one's host
 * key is in known_hosts; the second presents a different key for its known_hosts entry, which ssh
 * must refuse. The key directory lies under /tmp, so this also shows the runtime exposing it
 * through the private /tmp.
 */
class SshToolRealTest {

  @TempDir static Path dir;
  static final List<Process> daemons = new ArrayList<>();
  static int trustedPort;
  static int changedKeyPort;
  static Sandbox sandbox;
  static EffectivePolicy policy;
  static SshTool ssh;

  @BeforeAll
  static void startSshd() throws Exception {
    Binaries.require("bwrap", "ssh", "sshd", "ssh-keygen");
    if (!Binaries.runningAsRoot()) {
      Binaries.unavailable(
          "the test sshd needs root (privilege separation, login as the current user)");
    }
    Files.createDirectories(Path.of("/run/sshd"));
    keygen("host_key");
    keygen("other_host_key");
    keygen("id_ed25519");
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    trustedPort = freePort();
    changedKeyPort = freePort();
    startSshd(trustedPort, "host_key");
    startSshd(changedKeyPort, "other_host_key");
    String hostKey = Files.readString(dir.resolve("host_key.pub")).strip();
    Files.writeString(
        dir.resolve("known_hosts"),
        "[127.0.0.1]:"
            + trustedPort
            + " "
            + hostKey
            + "\n"
            + "[127.0.0.1]:"
            + changedKeyPort
            + " "
            + hostKey
            + "\n");
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    spec.setTools(Arrays.asList(ToolName.values()));
    spec.setAllowedHosts(List.of("127.0.0.1"));
    spec.setAllowedRemoteCommands(List.of("uname -a", "cat /etc/hostname"));
    spec.setAllowedDirectories(List.of("/etc/hostname"));
    policy = EffectivePolicy.compile("ssh-test", spec);
    SshCredentials credentials =
        SshCredentials.fromEnvironment(Map.of("SSH_KEYS_PATH", dir.toString()));
    ssh = new SshTool(credentials);
    sandbox =
        LocalSandboxRuntime.bubblewrap()
            .withVisiblePaths(credentials.locations())
            .open("ssh", null, policy);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (sandbox != null) {
      sandbox.close();
    }
    for (Process p : daemons) {
      p.destroy();
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static void keygen(String name) throws Exception {
    Process p =
        new ProcessBuilder(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "itmcp-test",
                "-f",
                dir.resolve(name).toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("ssh-keygen failed: " + out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static void startSshd(int port, String hostKey) throws Exception {
    Path config = dir.resolve("sshd_config_" + port);
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve(hostKey),
            "PidFile none",
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "UsePAM no",
            "StrictModes no",
            "LogLevel VERBOSE",
            ""));
    Process p =
        new ProcessBuilder(
                Binaries.find("sshd").orElseThrow().toString(), "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd_" + port + ".log").toFile())
            .start();
    daemons.add(p);
    await("sshd listens on " + port)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
              } catch (IOException e) {
                if (!p.isAlive()) {
                  throw new IllegalStateException(
                      "sshd exited: " + Files.readString(dir.resolve("sshd_" + port + ".log")));
                }
                return false;
              }
            });
  }

  private static ToolCallRunner.Outcome call(int port, String command) throws InterruptedException {
    return ToolCallRunner.run(
        sandbox,
        ssh.plan(
            Map.of("target", "127.0.0.1", "user", "root", "command", command, "port", port),
            policy),
        policy,
        ProgressListener.NONE);
  }

  @Test
  void runsAnAllowedCommandOnAHostWithAKnownKey() throws Exception {
    ToolCallRunner.Outcome o = call(trustedPort, "uname -a");
    assertThat(o.result().exitCode()).as(o.result().stderr()).isZero();
    assertThat(o.result().stdout()).startsWith("Linux");
    ToolCallRunner.Outcome hostname = call(trustedPort, "cat /etc/hostname");
    assertThat(hostname.result().stdout()).isEqualTo(Files.readString(Path.of("/etc/hostname")));
    assertThat(o.plan().argv())
        .contains("-i", dir.resolve("id_ed25519").toString())
        .contains("UserKnownHostsFile=" + dir.resolve("known_hosts"));
  }

  @Test
  void wordsAfterAnExactCommandNeverReachTheRemoteHost() {
    // the seed matched entries as prefixes: this read the login user's key on the remote host
    for (String command :
        List.of(
            "cat /etc/hostname .ssh/id_ed25519",
            "cat /etc/hostname id_ed25519",
            "uname -a -n",
            "cat /etc/hostname /etc/hostname")) {
      assertThatThrownBy(() -> call(trustedPort, command))
          .as(command)
          .isInstanceOf(PolicyRefusedException.class)
          .hasMessageContaining("which is allowed exactly");
    }
  }

  @Test
  void refusesAHostWhoseKeyDoesNotMatchKnownHosts() throws Exception {
    ToolCallRunner.Outcome o = call(changedKeyPort, "uname -a");
    assertThat(o.result().exitCode()).isEqualTo(255);
    assertThat(o.result().stdout()).isEmpty();
    assertThat(o.result().stderr())
        .containsAnyOf("REMOTE HOST IDENTIFICATION HAS CHANGED", "Host key verification failed");
  }

  @Test
  void credentialsWithoutKnownHostsRefuseEveryHost() {
    SshTool noKnownHosts =
        new SshTool(
            new SshKeyDirectory(
                Optional.of(dir),
                Optional.empty(),
                Optional.of(dir.resolve("missing_known_hosts"))));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                noKnownHosts.plan(
                    Map.of(
                        "target",
                        "127.0.0.1",
                        "user",
                        "root",
                        "command",
                        "uname -a",
                        "port",
                        trustedPort),
                    policy))
        .hasMessageContaining("ssh.knownHosts");
  }
}
