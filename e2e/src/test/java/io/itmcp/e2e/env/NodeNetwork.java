package io.itmcp.e2e.env;

import io.itmcp.e2e.docker.Docker;
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
 * leftovers, the images built, a work directory, a network of its own with the {@link Peers} (sshd,
 * dnsmasq) and a listener B on {@link #B_PORT} that no policy allows at first. Everything is
 * removed with the {@link DockerResources} it was made with.
 *
 * @param sandboxImage the sandbox image built from this tree
 * @param work a directory removed with the resources (volumes the node binds live here)
 * @param peerBContainer the listener's container
 * @param peerB the listener's address on the network
 */
public record NodeNetwork(
    String sandboxImage,
    Path work,
    DockerNetwork network,
    Peers peers,
    String peerBContainer,
    String peerB) {
  public static final int B_PORT = 8022;

  /**
   * @param name names the network, the work directory and the containers
   */
  public static NodeNetwork start(DockerResources resources, String name) throws IOException {
    DockerEngine.require();
    Docker.removeLeftovers();
    EgressFirewall.removeLeftovers();
    String image = TestImages.sandbox();
    TestImages.peer("sshd");
    TestImages.peer("dnsmasq");
    Path work = Files.createTempDirectory("itmcp-e2e-" + name + "-");
    resources.onClose(
        () -> HostCommand.run(List.of("rm", "-rf", "--", work.toString()), Duration.ofSeconds(30)));
    DockerNetwork network = resources.network(name);
    Peers peers = Peers.start(resources, network, work);
    String peerBContainer =
        resources.run(
            name + "-peer-b",
            List.of("--network", network.name()),
            image,
            List.of("nc", "-l", "-k", Integer.toString(B_PORT)));
    return new NodeNetwork(
        image, work, network, peers, peerBContainer, Docker.ipOf(peerBContainer, network.name()));
  }
}
