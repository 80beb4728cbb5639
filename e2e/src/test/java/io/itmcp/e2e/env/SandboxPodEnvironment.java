package io.itmcp.e2e.env;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.docker.DockerEngine;
import io.itmcp.e2e.docker.DockerNetwork;
import io.itmcp.e2e.docker.DockerResources;
import io.itmcp.e2e.docker.DockerSandbox;
import io.itmcp.e2e.docker.HostCommand;
import io.itmcp.e2e.docker.TestImages;
import io.itmcp.e2e.pod.DockerRunSettings;
import io.itmcp.e2e.pod.NetworkAttachment;
import io.itmcp.e2e.pod.PodToDockerSettings;
import io.itmcp.e2e.pod.TestSession;
import io.itmcp.e2e.pod.VolumeBinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One ITMCP session pod on a real engine, on the network of this JVM's {@link PeerNetwork}: the
 * policy written with the peers' addresses, the Pod rendered by the operator's renderer, and its
 * containers run with exactly the settings {@link PodToDockerSettings} derives from it. Closing
 * removes every container and file it made (the shared peers stay for the JVM's next class).
 */
public final class SandboxPodEnvironment implements AutoCloseable {
  /** Where the policy mounts the test's file directory (a ConfigMap volume in the Pod). */
  public static final String FILES_DIR = "/var/log/app";

  public static final List<String> APP_LOG =
      List.of(
          "2026-11-24T10:00:00Z INFO service started",
          "2026-11-24T10:00:01Z INFO listening on :8080",
          "2026-11-24T10:05:00Z ERROR upstream 10.0.0.7 timed out",
          "2026-11-24T10:06:00Z WARN retrying",
          "2026-11-24T10:07:00Z ERROR upstream 10.0.0.7 refused",
          "2026-11-24T10:08:00Z INFO recovered");

  public final DockerResources resources;
  public final DockerNetwork network;
  public final Peers peers;
  public final TestSession session;
  public final Pod pod;
  public final DockerRunSettings sandboxSettings;
  public final DockerRunSettings captureSettings;
  public final String sandboxContainer;
  public final String captureContainer;
  public final String sandboxIp;
  public final DockerSandbox sandbox;
  public final Path work;

  private SandboxPodEnvironment(
      DockerResources resources,
      DockerNetwork network,
      Peers peers,
      TestSession session,
      Pod pod,
      DockerRunSettings sandboxSettings,
      DockerRunSettings captureSettings,
      String sandboxContainer,
      String captureContainer,
      String sandboxIp,
      Path work) {
    this.resources = resources;
    this.network = network;
    this.peers = peers;
    this.session = session;
    this.pod = pod;
    this.sandboxSettings = sandboxSettings;
    this.captureSettings = captureSettings;
    this.sandboxContainer = sandboxContainer;
    this.captureContainer = captureContainer;
    this.sandboxIp = sandboxIp;
    this.sandbox = new DockerSandbox(sandboxContainer, captureContainer);
    this.work = work;
  }

  /** The policy every tool test runs under: every tool, the peers, the file directory. */
  public static String policyFor(Peers peers) {
    return """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata: {name: e2e-tools, namespace: itmcp-sandboxes}
        spec:
          tools: [ssh, ping, nslookup, telnet, dig, tcpdump, ps, cat, top, grep, head, tail, traceroute, http_check, tls_check]
          allowedHosts: ["%1$s", "%2$s", "%3$s"]
          dnsServers: ["%2$s"]
          allowedDirectories: [%4$s]
          allowedRemoteCommands: ["uname -n", "id -un"]
          ssh:
            secretRef: {name: e2e-ssh}
            users: {"%1$s": %5$s}
          sandbox:
            mounts:
              - {name: app-logs, mountPath: %4$s, configMap: {name: app-logs}}
        """
        .formatted(peers.sshIp, peers.dnsIp, Peers.ZONE_NAME, FILES_DIR, Peers.SSH_USER);
  }

  /** Starts everything with the rendered Pod as it is. */
  public static SandboxPodEnvironment start(String name) {
    return start(name, UnaryOperator.identity());
  }

  /**
   * Starts everything; {@code podEdit} may change the rendered Pod first (only for proving that the
   * tests notice a weakened or broken renderer).
   */
  public static SandboxPodEnvironment start(String name, UnaryOperator<Pod> podEdit) {
    return start(name, SandboxPodEnvironment::policyFor, podEdit);
  }

  /** Starts everything under another policy (written with the peers' addresses). */
  public static SandboxPodEnvironment start(
      String name, Function<Peers, String> policy, UnaryOperator<Pod> podEdit) {
    DockerEngine.require();
    PeerNetwork shared = PeerNetwork.shared();
    String image = TestImages.sandbox();
    DockerResources resources = new DockerResources();
    try {
      Path work = Files.createTempDirectory("itmcp-e2e-" + name + "-");
      resources.onClose(
          () ->
              HostCommand.run(List.of("rm", "-rf", "--", work.toString()), Duration.ofSeconds(30)));
      Files.setPosixFilePermissions(work, KubeletFiles.permissions(0755));
      DockerNetwork network = shared.network();
      Peers peers = shared.peers();
      TestSession session =
          TestSession.render(policy.apply(peers), Map.of(Peers.ZONE_NAME, List.of(peers.sshIp)));
      Pod pod = podEdit.apply(session.rendered().pod());
      pod.getSpec().getContainers().forEach(c -> c.setImage(TestImages.forPod(c.getImage())));
      if (!image.equals(pod.getSpec().getContainers().get(0).getImage())) {
        throw new IllegalStateException(
            "the rendered Pod runs "
                + pod.getSpec().getContainers().get(0).getImage()
                + ", not the image built from this tree ("
                + image
                + ")");
      }
      VolumeBinder binder = binder(work, peers);
      DockerRunSettings sandboxSettings =
          PodToDockerSettings.translate(
              pod,
              SessionContract.SANDBOX_CONTAINER,
              new NetworkAttachment.Own(network.name()),
              binder);
      print("sandbox", sandboxSettings);
      String sandboxContainer =
          resources.run(
              "pod-sandbox",
              sandboxSettings.options(),
              sandboxSettings.image(),
              sandboxSettings.args());
      DockerRunSettings captureSettings = null;
      String captureContainer = null;
      if (pod.getSpec().getContainers().stream()
          .anyMatch(c -> c.getName().equals(SessionContract.CAPTURE_CONTAINER))) {
        captureSettings =
            PodToDockerSettings.translate(
                pod,
                SessionContract.CAPTURE_CONTAINER,
                new NetworkAttachment.Join(sandboxContainer),
                binder);
        print("capture", captureSettings);
        captureContainer =
            resources.run(
                "pod-capture",
                captureSettings.options(),
                captureSettings.image(),
                captureSettings.args());
      }
      String sandboxIp = Docker.ipOf(sandboxContainer, network.name());
      return new SandboxPodEnvironment(
          resources,
          network,
          peers,
          session,
          pod,
          sandboxSettings,
          captureSettings,
          sandboxContainer,
          captureContainer,
          sandboxIp,
          work);
    } catch (IOException e) {
      resources.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      resources.close();
      throw e;
    }
  }

  public static VolumeBinder binder(Path work, Peers peers) {
    return (Volume volume, Long fsGroup) -> {
      try {
        // One directory per volume, shared by every pod of the test (as one Secret or ConfigMap
        // is).
        if (volume.getSecret() != null) {
          Path dir = work.resolve("secret-" + volume.getName());
          if (Files.isDirectory(dir)) {
            return dir;
          }
          Files.createDirectories(dir);
          Files.copy(peers.clientKey, dir.resolve("id_ed25519"));
          Files.writeString(dir.resolve("known_hosts"), peers.knownHostsLine + "\n");
          Files.writeString(dir.resolve("known_hosts_wrong"), peers.wrongKnownHostsLine + "\n");
          return KubeletFiles.prepare(dir, volume.getSecret().getDefaultMode(), fsGroup);
        }
        if (volume.getConfigMap() != null) {
          Path dir = work.resolve("configmap-" + volume.getName());
          if (Files.isDirectory(dir)) {
            return dir;
          }
          Files.createDirectories(dir);
          Files.write(dir.resolve("app.log"), APP_LOG);
          Files.createSymbolicLink(dir.resolve("current.log"), Path.of("app.log"));
          Files.createSymbolicLink(dir.resolve("escape.log"), Path.of("/etc/passwd"));
          return KubeletFiles.prepare(dir, volume.getConfigMap().getDefaultMode(), fsGroup);
        }
        throw new IllegalStateException("the test policy has no volume like " + volume.getName());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static void print(String which, DockerRunSettings s) {
    System.err.println(
        "[itmcp-e2e] "
            + which
            + " container: docker run "
            + String.join(" ", s.options())
            + " "
            + s.image()
            + " "
            + String.join(" ", s.args()));
    s.notEnforced().forEach(n -> System.err.println("[itmcp-e2e]   not enforced on Docker: " + n));
  }

  /** The ssh Secret's mount path in the sandbox (from the rendered Pod). */
  public Path sshMountPath() {
    return Path.of(
        pod.getSpec().getContainers().get(0).getVolumeMounts().stream()
            .filter(m -> m.getName().equals("ssh"))
            .findFirst()
            .orElseThrow()
            .getMountPath());
  }

  @Override
  public void close() {
    resources.close();
  }
}
