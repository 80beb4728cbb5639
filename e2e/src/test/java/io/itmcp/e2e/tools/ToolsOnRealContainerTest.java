package io.itmcp.e2e.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.docker.RequiresDockerEngine;
import io.itmcp.e2e.docker.TestImages;
import io.itmcp.e2e.env.Peers;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.ssh.SandboxSshPaths;
import io.itmcp.gateway.tools.ToolCallRunner;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.gateway.tools.http.HttpCheckTool;
import io.itmcp.gateway.tools.network.CaptureScope;
import io.itmcp.gateway.tools.network.SshTool;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each tool of the catalog, planned by its real {@link ToolDefinition} and run by the gateway's own
 * {@link ToolCallRunner} (file tools through the image's race-free reader) in a container started
 * with exactly the settings of the Pod the operator renders, against peers the test runs itself. If
 * the renderer drops something a tool needs (the ping sysctl, the sandbox user's passwd entry, a
 * capability of the capture container), a test here fails.
 */
@ExtendWith(RequiresDockerEngine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolsOnRealContainerTest {
  private static final Set<ToolName> EXERCISED = EnumSet.noneOf(ToolName.class);
  private SandboxPodEnvironment env;
  private EffectivePolicy policy;
  private Map<ToolName, ToolDefinition> tools;

  @BeforeAll
  void startPod() {
    env = SandboxPodEnvironment.start("tools");
    policy = env.session.effective();
    // tcpdump's scope resolves the policy's names at call time: the test zone's name is the ssh
    // peer,
    // and nothing is looked up on the system resolver (the network rule).
    CaptureScope.Resolver zone =
        name -> {
          if (name.equals(Peers.ZONE_NAME)) {
            return new InetAddress[] {InetAddress.getByName(env.peers.sshIp)};
          }
          throw new UnknownHostException(name);
        };
    tools =
        ToolCatalog.all(SandboxSshPaths.mountedAt(env.sshMountPath()), zone).stream()
            .collect(Collectors.toMap(ToolDefinition::name, Function.identity()));
  }

  @AfterAll
  void removePod() {
    if (env != null) {
      env.close();
    }
  }

  private ToolCallRunner.Outcome call(ToolName tool, Map<String, Object> args)
      throws InterruptedException {
    EXERCISED.add(tool);
    return ToolCallRunner.run(
        env.sandbox, tools.get(tool).plan(args, policy), policy, ProgressListener.NONE);
  }

  @Test
  void pingReachesThePeerWithoutAnyCapability() throws Exception {
    ToolCallRunner.Outcome o = call(ToolName.PING, Map.of("target", env.peers.sshIp, "count", 2));
    assertThat(o.result().exitCode()).as(Outcomes.describe(o)).isZero();
    assertThat(o.result().stdout())
        .as(Outcomes.describe(o))
        .contains("64 bytes from " + env.peers.sshIp)
        .contains("2 packets transmitted, 2 received, 0% packet loss");
  }

  @Test
  void digGetsTheAnswerFromTheTestZone() throws Exception {
    ToolCallRunner.Outcome a =
        call(
            ToolName.DIG,
            Map.of(
                "target",
                Peers.ZONE_NAME,
                "type",
                "A",
                "server",
                env.peers.dnsIp,
                "options",
                List.of("+short")));
    assertThat(a.result().exitCode()).as(Outcomes.describe(a)).isZero();
    assertThat(a.result().stdout().strip()).as(Outcomes.describe(a)).isEqualTo(env.peers.sshIp);
    ToolCallRunner.Outcome txt =
        call(
            ToolName.DIG,
            Map.of("target", Peers.ZONE_NAME, "type", "TXT", "server", env.peers.dnsIp));
    assertThat(txt.result().stdout())
        .as(Outcomes.describe(txt))
        .contains("status: NOERROR")
        .contains("\"" + Peers.ZONE_TXT + "\"")
        .contains("SERVER: " + env.peers.dnsIp + "#53");
  }

  @Test
  void nslookupGetsTheAnswerFromTheTestZone() throws Exception {
    ToolCallRunner.Outcome o =
        call(ToolName.NSLOOKUP, Map.of("target", Peers.ZONE_NAME, "server", env.peers.dnsIp));
    assertThat(o.result().exitCode()).as(Outcomes.describe(o)).isZero();
    assertThat(o.result().stdout())
        .as(Outcomes.describe(o))
        .contains("Server:\t\t" + env.peers.dnsIp)
        .contains("Name:\t" + Peers.ZONE_NAME)
        .contains("Address: " + env.peers.sshIp);
  }

  @Test
  @SuppressWarnings("unchecked")
  void tracerouteReachesThePeerWithUdpAndIcmpWithoutAnyCapability() throws Exception {
    for (String protocol : List.of("udp", "icmp")) {
      ToolCallRunner.Outcome o =
          call(
              ToolName.TRACEROUTE,
              Map.of("target", env.peers.sshIp, "max_hops", 3, "protocol", protocol));
      assertThat(o.result().exitCode()).as(Outcomes.describe(o)).isZero();
      assertThat(o.structured())
          .as(Outcomes.describe(o))
          .containsEntry("destination", env.peers.sshIp)
          .containsEntry("reached", true);
      List<Map<String, Object>> hops = (List<Map<String, Object>>) o.structured().get("hops");
      assertThat(hops).as(Outcomes.describe(o)).hasSize(1);
      assertThat(hops.get(0)).containsEntry("address", env.peers.sshIp);
    }
  }

  /**
   * A TLS server from the sandbox image (openssl s_server, a certificate it makes for itself) in
   * the ssh peer's network namespace, so it answers on the peer's address, which the policy allows.
   */
  @Test
  @SuppressWarnings("unchecked")
  void tlsCheckReadsThePeersSelfSignedCertificateInTheGateway() throws Exception {
    String server =
        env.resources.run(
            "tls-peer",
            List.of(
                "--read-only",
                "--tmpfs",
                "/tmp",
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges",
                "--user",
                "65532:65532",
                "--network",
                "container:" + env.peers.sshContainer),
            TestImages.sandbox(),
            List.of("sleep", "infinity"));
    Docker.checked(
        List.of(
            "exec",
            server,
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=" + Peers.ZONE_NAME,
            "-addext",
            "subjectAltName=DNS:" + Peers.ZONE_NAME + ",IP:" + env.peers.sshIp,
            "-keyout",
            "/tmp/key.pem",
            "-out",
            "/tmp/cert.pem"),
        Duration.ofSeconds(30));
    Docker.checked(
        List.of(
            "exec",
            "-d",
            server,
            "openssl",
            "s_server",
            "-quiet",
            "-www",
            "-accept",
            "8443",
            "-cert",
            "/tmp/cert.pem",
            "-key",
            "/tmp/key.pem"),
        Duration.ofSeconds(30));
    Map<String, Object> args =
        Map.of("target", env.peers.sshIp, "port", 8443, "servername", Peers.ZONE_NAME);
    ToolCallRunner.Outcome[] last = new ToolCallRunner.Outcome[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              last[0] = call(ToolName.TLS_CHECK, args);
              return tools.get(ToolName.TLS_CHECK).failureToRun(last[0].result()).isEmpty();
            });
    ToolCallRunner.Outcome o = last[0];
    assertThat(o.result().exitCode()).as(Outcomes.describe(o)).isZero();
    assertThat(o.structured())
        .as(Outcomes.describe(o))
        .containsEntry("protocol", "TLSv1.3")
        .containsEntry("verified", false);
    assertThat((Map<String, Object>) o.structured().get("verification"))
        .containsEntry("code", 18)
        .containsEntry("name", Peers.ZONE_NAME);
    List<Map<String, Object>> chain = (List<Map<String, Object>>) o.structured().get("chain");
    assertThat(chain)
        .singleElement()
        .satisfies(
            c ->
                assertThat(c)
                    .containsEntry("subject", "CN=" + Peers.ZONE_NAME)
                    .containsEntry(
                        "subjectAltNames",
                        List.of("DNS:" + Peers.ZONE_NAME, "IP:" + env.peers.sshIp))
                    .containsEntry("keyType", "EC")
                    .containsEntry("keySize", 256));
  }

  /**
   * curl under {@code env -i} in the restricted container, pinned to the address the gateway
   * resolved: the name is one only the test's resolver knows (curl looking it up itself would fail
   * with exit 6), and the peer's self-signed certificate is refused against the image's CA bundle,
   * which is an answer (no {@code insecure} exists to skip it).
   */
  @Test
  @SuppressWarnings("unchecked")
  void httpCheckIsPinnedToTheCheckedAddressAndVerifiesTheCertificate() throws Exception {
    String name = "only-the-gateway-resolves.e2e.test";
    String server =
        env.resources.run(
            "http-peer",
            List.of(
                "--read-only",
                "--tmpfs",
                "/tmp",
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges",
                "--user",
                "65532:65532",
                "--network",
                "container:" + env.peers.sshContainer),
            TestImages.sandbox(),
            List.of("sleep", "infinity"));
    Docker.checked(
        List.of(
            "exec",
            server,
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=" + name,
            "-addext",
            "subjectAltName=DNS:" + name,
            "-keyout",
            "/tmp/key.pem",
            "-out",
            "/tmp/cert.pem"),
        Duration.ofSeconds(30));
    Docker.checked(
        List.of(
            "exec",
            "-d",
            server,
            "openssl",
            "s_server",
            "-quiet",
            "-www",
            "-accept",
            "9443",
            "-cert",
            "/tmp/cert.pem",
            "-key",
            "/tmp/key.pem"),
        Duration.ofSeconds(30));
    ToolDefinition http =
        new HttpCheckTool(
            n -> {
              if (n.equals(name)) {
                return new InetAddress[] {InetAddress.getByName(env.peers.sshIp)};
              }
              throw new UnknownHostException(n);
            });
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    spec.setTools(List.of(ToolName.HTTP_CHECK));
    spec.setAllowedHosts(List.of(name + ":9443"));
    EffectivePolicy pinned = EffectivePolicy.compile("http-check", spec);
    EXERCISED.add(ToolName.HTTP_CHECK);
    ToolCallRunner.Outcome[] last = new ToolCallRunner.Outcome[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              last[0] =
                  ToolCallRunner.run(
                      env.sandbox,
                      http,
                      http.plan(Map.of("url", "https://" + name + ":9443/", "timeout", 5), pinned),
                      pinned,
                      ProgressListener.NONE,
                      p -> {});
              return last[0].result().exitCode() != 7;
            });
    ToolCallRunner.Outcome o = last[0];
    assertThat(o.plan().argv())
        .as(Outcomes.describe(o))
        .startsWith("env", "-i", "curl", "-q")
        .containsSubsequence("--resolve", name + ":9443:" + env.peers.sshIp);
    assertThat(o.result().exitCode()).as(Outcomes.describe(o)).isEqualTo(60);
    assertThat(http.failureToRun(o.result()))
        .as("a certificate that does not verify is an answer")
        .isEmpty();
    assertThat(o.structured())
        .as(Outcomes.describe(o))
        .containsEntry("status", 0)
        .containsEntry("address", env.peers.sshIp);
    assertThat((String) o.structured().get("error"))
        .as(Outcomes.describe(o))
        .contains("SSL certificate problem");
    // curl reports no connect time for a request that failed in the handshake: only what it
    // measured is shown
    assertThat((Map<String, Object>) o.structured().get("timings"))
        .containsKeys("dnsMs", "totalMs");
  }

  @Test
  void telnetConnectsToAnOpenPortAndReportsARefusedOne() throws Exception {
    ToolCallRunner.Outcome open =
        call(ToolName.TELNET, Map.of("target", env.peers.sshIp, "port", 22));
    assertThat(open.result().exitCode()).as(Outcomes.describe(open)).isZero();
    assertThat(open.result().stderr()).as(Outcomes.describe(open)).contains("succeeded");
    ToolCallRunner.Outcome closed =
        call(ToolName.TELNET, Map.of("target", env.peers.sshIp, "port", 2323));
    assertThat(closed.result().exitCode()).as(Outcomes.describe(closed)).isEqualTo(1);
    assertThat(closed.result().stderr()).as(Outcomes.describe(closed)).contains("refused");
  }

  @Test
  void sshRunsAnAllowedCommandOnThePeerWithTheMountedKey() throws Exception {
    ToolCallRunner.Outcome o =
        call(
            ToolName.SSH,
            Map.of("target", env.peers.sshIp, "user", Peers.SSH_USER, "command", "uname -n"));
    assertThat(o.result().exitCode()).as(Outcomes.describe(o)).isZero();
    assertThat(o.result().stdout().strip()).as(Outcomes.describe(o)).isEqualTo(Peers.SSH_HOSTNAME);
    ToolCallRunner.Outcome who =
        call(
            ToolName.SSH,
            Map.of("target", env.peers.sshIp, "user", Peers.SSH_USER, "command", "id -un"));
    assertThat(who.result().stdout().strip()).as(Outcomes.describe(who)).isEqualTo(Peers.SSH_USER);
  }

  @Test
  void sshRefusesAHostWhoseKeyIsNotTheKnownOne() throws Exception {
    SshTool wrongKnownHosts =
        new SshTool(
            new SandboxSshPaths(
                env.sshMountPath().resolve("id_ed25519"),
                env.sshMountPath().resolve("known_hosts_wrong"),
                Map.of()));
    EXERCISED.add(ToolName.SSH);
    ToolCallRunner.Outcome o =
        ToolCallRunner.run(
            env.sandbox,
            wrongKnownHosts.plan(
                Map.of("target", env.peers.sshIp, "user", Peers.SSH_USER, "command", "uname -n"),
                policy),
            policy,
            ProgressListener.NONE);
    assertThat(o.result().exitCode()).as(Outcomes.describe(o)).isEqualTo(255);
    assertThat(o.result().stderr())
        .as(Outcomes.describe(o))
        .contains("Host key verification failed");
    assertThat(o.result().stdout()).as("the command never ran").doesNotContain(Peers.SSH_HOSTNAME);
  }

  @Test
  void sshCommandOutsideTheAllowListIsRefusedBeforeAnythingRuns() {
    assertThatThrownBy(
            () ->
                call(
                    ToolName.SSH,
                    Map.of(
                        "target",
                        env.peers.sshIp,
                        "user",
                        Peers.SSH_USER,
                        "command",
                        "cat /etc/shadow")))
        .isInstanceOf(PolicyRefusedException.class);
  }

  @Test
  void fileToolsReadTheMountedDirectory() throws Exception {
    String file = SandboxPodEnvironment.FILES_DIR + "/app.log";
    ToolCallRunner.Outcome cat = call(ToolName.CAT, Map.of("file_path", file));
    assertThat(cat.result().exitCode()).as(Outcomes.describe(cat)).isZero();
    assertThat(cat.result().stdout())
        .isEqualTo(String.join("\n", SandboxPodEnvironment.APP_LOG) + "\n");
    ToolCallRunner.Outcome head = call(ToolName.HEAD, Map.of("file_path", file, "lines", 2));
    assertThat(head.result().stdout().lines().toList())
        .isEqualTo(SandboxPodEnvironment.APP_LOG.subList(0, 2));
    ToolCallRunner.Outcome tail = call(ToolName.TAIL, Map.of("file_path", file, "lines", 2));
    assertThat(tail.result().stdout().lines().toList())
        .isEqualTo(SandboxPodEnvironment.APP_LOG.subList(4, 6));
    ToolCallRunner.Outcome grep =
        call(ToolName.GREP, Map.of("file_path", file, "pattern", "ERROR"));
    assertThat(grep.result().stdout().lines().toList())
        .as(Outcomes.describe(grep))
        .isEqualTo(
            List.of(SandboxPodEnvironment.APP_LOG.get(2), SandboxPodEnvironment.APP_LOG.get(4)));
  }

  @Test
  void aSymlinkInsideTheDirectoryIsFollowedByTheReaderInTheContainer() throws Exception {
    ToolCallRunner.Outcome o =
        call(
            ToolName.HEAD,
            Map.of("file_path", SandboxPodEnvironment.FILES_DIR + "/current.log", "lines", 1));
    assertThat(o.plan().argv())
        .as("one exec: the image's reader opens the file and runs head on it")
        .startsWith("itmcp-read")
        .endsWith("head", "-n", "1");
    assertThat(o.result().stdout().strip())
        .as(Outcomes.describe(o))
        .isEqualTo(SandboxPodEnvironment.APP_LOG.get(0));
  }

  /**
   * The host directory behind the policy's ConfigMap volume: what another pod writing the volume
   * would change.
   */
  private Path volumeOnHost() throws IOException {
    String volume =
        env.pod.getSpec().getVolumes().stream()
            .filter(v -> v.getConfigMap() != null)
            .map(v -> v.getName())
            .findFirst()
            .orElseThrow();
    return env.work.resolve("configmap-" + volume);
  }

  @Test
  void readsRacingASymlinkSwapperOnTheVolumeNeverReachTheSshKeyOrPasswd() throws Exception {
    Path volume = volumeOnHost();
    Path link = volume.resolve("race.log");
    List<Path> outside = List.of(env.sshMountPath().resolve("id_ed25519"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(link, Path.of("app.log"));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong swaps = new AtomicLong();
    Thread swapper =
        new Thread(
            () -> {
              try {
                for (int i = 0; !stop.get(); i++) {
                  Path next = volume.resolve("race.tmp");
                  Files.deleteIfExists(next);
                  Files.createSymbolicLink(
                      next, i % 2 == 0 ? outside.get((i / 2) % 2) : Path.of("app.log"));
                  Files.move(
                      next,
                      link,
                      StandardCopyOption.ATOMIC_MOVE,
                      StandardCopyOption.REPLACE_EXISTING);
                  swaps.incrementAndGet();
                  LockSupport.parkNanos(
                      200_000); // pacing: leaves CPU to the execs on a small machine
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "volume-symlink-swapper");
    swapper.setDaemon(true);
    swapper.start();
    int read = 0;
    int refused = 0;
    List<String> leaked = new ArrayList<>();
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try {
      for (int i = 0; i < 2_000 && System.nanoTime() < until; i++) {
        try {
          ToolCallRunner.Outcome o =
              call(
                  ToolName.CAT, Map.of("file_path", SandboxPodEnvironment.FILES_DIR + "/race.log"));
          String seen = o.result().stdout();
          if (seen.contains("PRIVATE KEY") || seen.contains("root:x:0:0")) {
            leaked.add(seen);
          } else if (o.result().exitCode() == 0) {
            read++;
          }
        } catch (PolicyRefusedException e) {
          refused++;
        }
      }
    } finally {
      stop.set(true);
      swapper.join(5_000);
      Files.deleteIfExists(link);
      Files.deleteIfExists(volume.resolve("race.tmp"));
    }
    System.err.printf(
        "[itmcp-e2e] file-read race in the container: %d reads while %d swaps: %d read app.log, "
            + "%d refused, %d leaked%n",
        read + refused + leaked.size(), swaps.get(), read, refused, leaked.size());
    assertThat(leaked).as("reads that returned the ssh key or /etc/passwd").isEmpty();
    assertThat(read).as("reads that found the file inside").isPositive();
    assertThat(refused).as("reads that met the link pointing outside (the race ran)").isPositive();
  }

  @Test
  void aHardLinkMadeOnTheHostIntoTheVolumeIsRefusedInTheContainer() throws Exception {
    Path secret = env.work.resolve("host-secret.txt");
    Files.writeString(secret, "host secret\n");
    Path hard = Files.createLink(volumeOnHost().resolve("hard.log"), secret);
    try {
      assertThatThrownBy(
              () ->
                  call(
                      ToolName.CAT,
                      Map.of("file_path", SandboxPodEnvironment.FILES_DIR + "/hard.log")))
          .isInstanceOf(PolicyRefusedException.class)
          .hasMessageContaining("hard links")
          .hasMessageContaining("files.allowHardLinks");
    } finally {
      Files.deleteIfExists(hard);
    }
  }

  @Test
  void aSymlinkThatEscapesTheDirectoryIsRefusedAfterResolutionInTheContainer() throws Exception {
    String escape = SandboxPodEnvironment.FILES_DIR + "/escape.log";
    ExecResult real =
        env.sandbox.exec(
            new ExecRequest(
                List.of("realpath", "-e", "--", escape),
                ExecTarget.SANDBOX,
                Duration.ofSeconds(10),
                4096),
            ProgressListener.NONE);
    assertThat(real.stdout().strip())
        .as("inside the container the link points outside the allowed directory")
        .isEqualTo("/etc/passwd");
    assertThat(policy.paths().check(escape))
        .as("the lexical check alone would let it through")
        .isEqualTo(escape);
    for (ToolName tool : List.of(ToolName.CAT, ToolName.HEAD, ToolName.TAIL)) {
      assertThatThrownBy(() -> call(tool, Map.of("file_path", escape)))
          .as(tool + " on " + escape)
          .isInstanceOf(PolicyRefusedException.class);
    }
    assertThatThrownBy(() -> call(ToolName.GREP, Map.of("file_path", escape, "pattern", "root")))
        .isInstanceOf(PolicyRefusedException.class);
  }

  @Test
  void psListsTheSandboxProcesses() throws Exception {
    ToolCallRunner.Outcome o = call(ToolName.PS, Map.of());
    assertThat(o.result().exitCode()).as(Outcomes.describe(o)).isZero();
    assertThat(o.result().stdout())
        .as(Outcomes.describe(o))
        .contains("PID")
        .contains("sleep infinity")
        .contains("ps aux");
  }

  @Test
  void topPrintsASnapshot() throws Exception {
    ToolCallRunner.Outcome o = call(ToolName.TOP, Map.of());
    assertThat(o.result().exitCode()).as(Outcomes.describe(o)).isZero();
    assertThat(o.result().stdout())
        .as(Outcomes.describe(o))
        .contains("Tasks:")
        .contains("%Cpu")
        .contains("sleep");
  }

  @Test
  void tcpdumpInTheCaptureContainerSeesTheSandboxTraffic() throws Exception {
    Map<String, Object> args =
        Map.of(
            "interface",
            "eth0",
            "filter",
            "icmp and host " + env.peers.sshIp,
            "count",
            2,
            "timeout",
            30);
    CompletableFuture<ToolCallRunner.Outcome> capture =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return call(ToolName.TCPDUMP, args);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    // Ping from the sandbox until the capture has its packets (it needs a moment to start
    // listening).
    for (int i = 0; i < 20 && !capture.isDone(); i++) {
      env.sandbox.exec(
          new ExecRequest(
              List.of("ping", "-n", "-c", "1", "-W", "1", "--", env.peers.sshIp),
              ExecTarget.SANDBOX,
              Duration.ofSeconds(5),
              4096),
          ProgressListener.NONE);
    }
    ToolCallRunner.Outcome o = capture.get(60, TimeUnit.SECONDS);
    assertThat(o.plan().target()).isEqualTo(ExecTarget.CAPTURE);
    assertThat(o.result().exitCode()).as(Outcomes.describe(o)).isZero();
    assertThat(o.result().stdout())
        .as(Outcomes.describe(o))
        .contains("IP " + env.sandboxIp + " > " + env.peers.sshIp + ": ICMP echo request");
    assertThat(o.result().stderr()).as(Outcomes.describe(o)).contains("2 packets captured");
  }

  @AfterAll
  void everyToolRan() {
    if (env != null) {
      assertThat(EXERCISED)
          .as("every tool of the catalog ran against the real container")
          .containsExactlyInAnyOrderElementsOf(tools.keySet());
    }
  }
}
