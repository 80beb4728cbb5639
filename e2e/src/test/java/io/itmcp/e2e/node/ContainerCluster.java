package io.itmcp.e2e.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.itmcp.e2e.docker.DockerNetwork;
import io.itmcp.e2e.docker.DockerResources;
import io.itmcp.e2e.env.NodeNetwork;
import io.itmcp.e2e.env.Peers;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.config.WarmPoolSettings;
import io.itmcp.operator.runtime.OperatorRuntime;
import io.itmcp.testkit.kubernetes.MockApiServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A cluster stand-in with a container-backed node: fabric8's mock API server (CRUD, knowing both
 * ITMCP kinds), pod exec served by {@link PodExecDispatcher}, {@link ContainerNode} as the kubelet,
 * the real operator ({@link OperatorRuntime}) reconciling sessions, and the peers (sshd, dnsmasq,
 * and a listener B that no policy allows at first) on the node's network.
 */
public final class ContainerCluster implements AutoCloseable {
  public static final int B_PORT = NodeNetwork.B_PORT;
  public final DockerResources resources = new DockerResources();
  public final DockerNetwork network;
  public final Peers peers;
  public final String peerB;
  public final KubernetesMockServer server;
  public final KubernetesClient client;
  public final ContainerNode node;
  public final OperatorRuntime operator;

  public record Exec(int exitCode, String stdout, String stderr) {}

  public ContainerCluster(String name) {
    this(name, WarmPoolSettings.defaults());
  }

  /**
   * With the operator's operator-wide warm-pool maximum set (a burst benchmark needs more than the
   * default).
   */
  public ContainerCluster(String name, WarmPoolSettings warmPool) {
    try {
      NodeNetwork base = NodeNetwork.start(resources, name);
      Path work = base.work();
      network = base.network();
      peers = base.peers();
      peerB = base.peerB();
      AtomicReference<ContainerNode> nodeRef = new AtomicReference<>();
      server =
          MockApiServers.start(
              new PodExecDispatcher(
                  MockApiServers.crud(),
                  (pod, container) ->
                      Optional.ofNullable(nodeRef.get())
                          .flatMap(n -> n.container(pod, container))));
      client = server.createClient();
      resources.onClose(
          () -> {
            client.close();
            server.destroy();
          });
      node =
          new ContainerNode(resources, network, SandboxPodEnvironment.binder(work, peers), client);
      nodeRef.set(node);
      resources.onClose(node::close);
      node.start();
      operator =
          new OperatorRuntime(
                  client,
                  OperatorOptions.builder()
                      .leaderElection(false)
                      .httpPort(0)
                      .egressMode(EgressMode.NETWORK_POLICY)
                      .build(),
                  warmPool,
                  peers.zoneResolver(),
                  Clock.systemUTC())
              .start();
      resources.onClose(operator::close);
    } catch (IOException e) {
      resources.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      resources.close();
      throw e;
    }
  }

  /** Pod exec through the fabric8 client: the websocket a gateway in kubernetes runtime opens. */
  public Exec exec(String namespace, String pod, String container, List<String> argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch watch =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer(container)
            .writingOutput(out)
            .writingError(err)
            .exec(argv.toArray(String[]::new))) {
      int code = watch.exitCode().get(30, TimeUnit.SECONDS);
      return new Exec(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "exec "
              + argv
              + " in "
              + pod
              + "/"
              + container
              + " failed (node errors: "
              + node.errors()
              + ")",
          e);
    }
  }

  @Override
  public void close() {
    resources.close();
  }

  static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
