package io.itmcp.e2e.env;

import io.itmcp.e2e.docker.DockerEngine;
import io.itmcp.e2e.docker.DockerNetwork;
import io.itmcp.e2e.docker.DockerResources;
import io.itmcp.e2e.docker.HostCommand;
import io.itmcp.e2e.docker.TestImages;
import io.itmcp.e2e.netpol.EgressFirewall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What every container-backed stack starts from: a Docker engine cleared of earlier runs'
 * leftovers, the images built, a work directory of its own (removed with the {@link
 * DockerResources} it was made with), and this JVM's {@link PeerNetwork}: the network with the
 * {@link Peers} (sshd, dnsmasq), a listener B on {@link #B_PORT} that no policy allows at first,
 * and a second DNS server.
 *
 * @param sandboxImage the sandbox image built from this tree
 * @param work a directory removed with the resources (volumes the node binds live here)
 * @param peerBContainer the listener's container
 * @param peerB the listener's address on the network
 * @param dnsB a DNS server outside the policy that answers the zone name with {@code peerB}
 */
public record NodeNetwork(
    String sandboxImage,
    Path work,
    DockerNetwork network,
    Peers peers,
    String peerBContainer,
    String peerB,
    String dnsB) {
  public static final int B_PORT = PeerNetwork.B_PORT;

  /**
   * @param name names the work directory
   */
  public static NodeNetwork start(DockerResources resources, String name) throws IOException {
    DockerEngine.require();
    EgressFirewall.removeLeftovers();
    PeerNetwork shared = PeerNetwork.shared();
    String image = TestImages.sandbox();
    Path work = Files.createTempDirectory("itmcp-e2e-" + name + "-");
    resources.onClose(
        () -> HostCommand.run(List.of("rm", "-rf", "--", work.toString()), Duration.ofSeconds(30)));
    return new NodeNetwork(
        image,
        work,
        shared.network(),
        shared.peers(),
        shared.peerBContainer(),
        shared.peerB(),
        shared.dnsB());
  }
}
