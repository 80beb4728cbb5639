package io.itmcp.e2e.env;

import static org.awaitility.Awaitility.await;

import io.itmcp.e2e.docker.CommandResult;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.docker.DockerNetwork;
import io.itmcp.e2e.docker.DockerResources;
import io.itmcp.e2e.docker.HostCommand;
import io.itmcp.e2e.docker.TestImages;
import io.itmcp.operator.dns.HostResolver;
import io.itmcp.operator.dns.Resolution;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The peers a sandbox talks to, each a container of the test's own on the test's network: an sshd
 * (key-only, throwaway host and client keys made here with ssh-keygen) whose port 22 is also the
 * TCP listener, and a dnsmasq serving the zone {@code e2e.test} and nothing else.
 */
public final class Peers {
  public static final String ZONE_NAME = "web.e2e.test";
  public static final String ZONE_TXT = "itmcp-e2e-zone";
  public static final String SSH_HOSTNAME = "ssh-peer";
  public static final String SSH_USER = "netops";

  public final String sshContainer;
  public final String sshIp;
  public final String dnsContainer;
  public final String dnsIp;

  /** The client's private key and two known_hosts files: the peer's real key, and a wrong one. */
  public final Path clientKey;

  public final String knownHostsLine;
  public final String wrongKnownHostsLine;

  private Peers(
      String sshContainer,
      String sshIp,
      String dnsContainer,
      String dnsIp,
      Path clientKey,
      String knownHostsLine,
      String wrongKnownHostsLine) {
    this.sshContainer = sshContainer;
    this.sshIp = sshIp;
    this.dnsContainer = dnsContainer;
    this.dnsIp = dnsIp;
    this.clientKey = clientKey;
    this.knownHostsLine = knownHostsLine;
    this.wrongKnownHostsLine = wrongKnownHostsLine;
  }

  /**
   * The operator's resolver beside these peers: {@link #ZONE_NAME} is the ssh peer's address, no
   * other name resolves (nothing is looked up; the address is an IP literal).
   */
  public HostResolver zoneResolver() throws UnknownHostException {
    InetAddress zoneAddress = InetAddress.getByName(sshIp);
    return host ->
        host.equals(ZONE_NAME)
            ? Resolution.of(List.of(zoneAddress), Optional.empty())
            : Resolution.failed("NXDOMAIN (test resolver knows only " + ZONE_NAME + ")");
  }

  public static Peers start(DockerResources resources, DockerNetwork network, Path work)
      throws IOException {
    Path keys = Files.createDirectories(work.resolve("keys"));
    Path sshdDir = Files.createDirectories(work.resolve("sshd"));
    keygen(sshdDir.resolve("ssh_host_ed25519_key"), "itmcp-e2e-host");
    keygen(keys.resolve("wrong_host_key"), "itmcp-e2e-other-host");
    Path clientKey = keygen(keys.resolve("id_ed25519"), "itmcp-e2e-client");
    Files.copy(keys.resolve("id_ed25519.pub"), sshdDir.resolve("authorized_keys"));
    Files.delete(sshdDir.resolve("ssh_host_ed25519_key.pub"));
    Files.setPosixFilePermissions(sshdDir, KubeletFiles.permissions(0755));
    Files.setPosixFilePermissions(
        sshdDir.resolve("authorized_keys"), KubeletFiles.permissions(0644));

    String ssh =
        resources.run(
            "sshd",
            List.of(
                "--network",
                network.name(),
                "--hostname",
                SSH_HOSTNAME,
                "--mount",
                "type=bind,source=" + sshdDir + ",target=/etc/ssh/test,readonly"),
            TestImages.peer("sshd"),
            List.of());
    String sshIp = Docker.ipOf(ssh, network.name());
    String hostPub = publicKeyOf(sshdDir.resolve("ssh_host_ed25519_key"));
    String wrongPub = Files.readString(keys.resolve("wrong_host_key.pub")).strip();

    String dns =
        resources.run(
            "dnsmasq",
            List.of("--network", network.name()),
            TestImages.peer("dnsmasq"),
            List.of(
                "--host-record=" + ZONE_NAME + "," + sshIp,
                "--txt-record=" + ZONE_NAME + "," + ZONE_TXT,
                "--local=/e2e.test/"));
    String dnsIp = Docker.ipOf(dns, network.name());

    awaitLog(ssh, "Server listening on");
    awaitLog(dns, "started, version");
    return new Peers(
        ssh,
        sshIp,
        dns,
        dnsIp,
        clientKey,
        sshIp + " " + firstTwoFields(hostPub),
        sshIp + " " + firstTwoFields(wrongPub));
  }

  private static Path keygen(Path file, String comment) {
    CommandResult r =
        HostCommand.run(
            List.of(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                comment,
                "-f",
                file.toString()),
            Duration.ofSeconds(30));
    if (!r.ok()) {
      throw new IllegalStateException("ssh-keygen failed: " + r.describe());
    }
    return file;
  }

  private static String publicKeyOf(Path privateKey) {
    CommandResult r =
        HostCommand.run(
            List.of("ssh-keygen", "-y", "-f", privateKey.toString()), Duration.ofSeconds(30));
    if (!r.ok()) {
      throw new IllegalStateException("ssh-keygen -y failed: " + r.describe());
    }
    return r.stdout().strip();
  }

  private static String firstTwoFields(String publicKeyLine) {
    String[] parts = publicKeyLine.split(" ");
    return parts[0] + " " + parts[1];
  }

  private static void awaitLog(String container, String text) {
    AtomicReference<String> logs = new AtomicReference<>("");
    try {
      await(container + " logs '" + text + "'")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                CommandResult r = Docker.docker("logs", container);
                logs.set(r.stdout() + r.stderr());
                return logs.get().contains(text);
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          container + " did not log '" + text + "' within 30 s:\n" + logs.get(), e);
    }
  }
}
