package io.itmcp.e2e.env;

import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.docker.DockerEngine;
import io.itmcp.e2e.docker.DockerNetwork;
import io.itmcp.e2e.docker.DockerResources;
import io.itmcp.e2e.docker.HostCommand;
import io.itmcp.e2e.docker.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The peers every container-backed test class of one test JVM talks to, started on first use and
 * kept until the JVM ends: a network of their own, the {@link Peers} (sshd, dnsmasq serving the
 * test zone), a listener B on {@link #B_PORT} that no policy allows at first, and a second DNS
 * server that answers the zone name with B's address (outside every policy but the edits that name
 * it). No test changes them: what a class changes (its pods, their volumes, the iptables rules
 * keyed to its pods' addresses) is its own and removed with it. One start per JVM instead of one
 * per class saves each class a network, four {@code docker run}s, the key generation and their
 * removal.
 *
 * <p>Per JVM, never across: each surefire fork has its own (containers and network carry this JVM's
 * pid like everything else), removed by the shutdown hook of their {@link DockerResources}; what a
 * killed JVM leaves is removed by the next run's {@link Docker#removeLeftovers()}.
 *
 * @param peerBContainer the listener's container
 * @param peerB the listener's address on the network
 * @param dnsB the second DNS server's address
 */
public record PeerNetwork(
    DockerNetwork network, Peers peers, String peerBContainer, String peerB, String dnsB) {
  public static final int B_PORT = 8022;

  private static PeerNetwork shared;

  /** This JVM's peers, started by the first caller. */
  public static synchronized PeerNetwork shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  private static PeerNetwork start() {
    DockerEngine.require();
    Docker.removeLeftovers();
    String sandboxImage = TestImages.sandbox();
    String dnsmasq = TestImages.peer("dnsmasq");
    TestImages.peer("sshd");
    // closed by its shutdown hook when the JVM ends, as a class's would be if it were not closed
    DockerResources resources = new DockerResources();
    try {
      Path work = Files.createTempDirectory("itmcp-e2e-peers-");
      resources.onClose(
          () ->
              HostCommand.run(List.of("rm", "-rf", "--", work.toString()), Duration.ofSeconds(30)));
      Files.setPosixFilePermissions(work, KubeletFiles.permissions(0755));
      DockerNetwork network = resources.network("peers");
      Peers peers = Peers.start(resources, network, work);
      String peerBContainer =
          resources.run(
              "peer-b",
              List.of("--network", network.name()),
              sandboxImage,
              List.of("nc", "-l", "-k", Integer.toString(B_PORT)));
      String dnsB =
          resources.run(
              "dns-b",
              List.of("--network", network.name()),
              dnsmasq,
              List.of(
                  "--host-record="
                      + Peers.ZONE_NAME
                      + ","
                      + Docker.ipOf(peerBContainer, network.name())));
      return new PeerNetwork(
          network,
          peers,
          peerBContainer,
          Docker.ipOf(peerBContainer, network.name()),
          Docker.ipOf(dnsB, network.name()));
    } catch (IOException e) {
      resources.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      resources.close();
      throw e;
    }
  }
}
