package io.itmcp.e2e.mcp;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.e2e.docker.DockerNetwork;
import io.itmcp.e2e.docker.DockerResources;
import io.itmcp.e2e.env.GatewaysSee;
import io.itmcp.e2e.env.NodeNetwork;
import io.itmcp.e2e.env.Peers;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.e2e.node.ContainerNode;
import io.itmcp.e2e.node.PodExecDispatcher;
import io.itmcp.gateway.audit.HashChainedAuditLog;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.cluster.ClusterGateway;
import io.itmcp.gateway.http.HttpGatewayConfig;
import io.itmcp.gateway.runtime.kubernetes.GatewayKubernetesClient;
import io.itmcp.gateway.runtime.kubernetes.KubernetesRuntimeSettings;
import io.itmcp.gateway.ssh.SandboxSshPaths;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.runtime.OperatorRuntime;
import io.itmcp.policy.PolicyLoader;
import io.itmcp.testkit.kubernetes.MockApiServers;
import io.itmcp.testkit.kubernetes.ReviewingDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Everything an MCP client meets in a cluster, in one process, with the sandboxes real: fabric8's
 * mock API server (CRUD for both ITMCP kinds, TokenReview and SubjectAccessReview answered by the
 * test, pod exec served by running the argv in the pod's container), {@link ContainerNode} as the
 * kubelet (pods become locked-down containers, NetworkPolicies become iptables rules), the real
 * operator, the peers (sshd, dnsmasq with the test zone, a listener B outside the policy, a second
 * DNS server outside the policy), and the real gateway as {@code serve --http 127.0.0.1:0 --runtime
 * kubernetes --policy-name e2e-tools} builds it ({@link ClusterGateway}). Closing removes every
 * container, network, iptables chain and file, also when the start fails half way.
 */
final class McpNodeStack implements AutoCloseable {
  static final String NS = KubernetesRuntimeSettings.DEFAULT_NAMESPACE;
  static final String POLICY = "e2e-tools";
  static final int B_PORT = NodeNetwork.B_PORT;
  static final String ALICE_TOKEN = "alice-sa-token-mcp-node-0123456789";
  static final Identity ALICE =
      new Identity("system:serviceaccount:netops:alice", List.of("netops"));

  final DockerResources resources = new DockerResources();

  /** Hears the pod key ("ns/name") of each exec the node is asked to run (for timings). */
  private final AtomicReference<java.util.function.Consumer<String>> execs =
      new AtomicReference<>(podKey -> {});

  final DockerNetwork network;
  final Peers peers;

  /** A listener no policy allows at first. */
  final String peerB;

  final String peerBContainer;

  /** A DNS server outside the policy; it answers the zone name with {@link #peerB}. */
  final String dnsB;

  final KubernetesMockServer server;

  /** Every request the mock API server answered (for timings). */
  final RequestLog requests;

  /** The node's exec stand-in (its observer hears each exec's times). */
  final PodExecDispatcher execDispatcher;

  final KubernetesClient client;
  final ContainerNode node;
  final ClusterGateway gateway;
  final Path auditLog;

  /** This gateway and those of {@link #startReplica}: a policy edit waits until all see it. */
  private final List<ClusterGateway> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();

  McpNodeStack(String name) {
    try {
      NodeNetwork base = NodeNetwork.start(resources, name);
      Path work = base.work();
      network = base.network();
      peers = base.peers();
      peerBContainer = base.peerBContainer();
      peerB = base.peerB();
      dnsB = base.dnsB();

      AtomicReference<ContainerNode> nodeRef = new AtomicReference<>();
      execDispatcher =
          new PodExecDispatcher(
              MockApiServers.crud(),
              (pod, container) -> {
                execs.get().accept(pod);
                return Optional.ofNullable(nodeRef.get()).flatMap(n -> n.container(pod, container));
              });
      ReviewingDispatcher reviews = new ReviewingDispatcher(execDispatcher);
      reviews.acceptToken(ALICE_TOKEN, ALICE.user(), ALICE.groups());
      reviews.grantUse(ALICE.user(), POLICY);
      requests = new RequestLog(reviews);
      server = MockApiServers.start(requests);
      client = server.createClient();
      resources.onClose(
          () -> {
            client.close();
            server.destroy();
          });

      node =
          new ContainerNode(
              resources, network, SandboxPodEnvironment.binder(work, peers), server.createClient());
      nodeRef.set(node);
      resources.onClose(node::close);
      node.start();

      KubernetesClient operatorClient = server.createClient();
      OperatorRuntime operator =
          new OperatorRuntime(
                  operatorClient,
                  OperatorOptions.builder()
                      .leaderElection(false)
                      .httpPort(0)
                      .egressMode(EgressMode.NETWORK_POLICY)
                      .build(),
                  peers.zoneResolver(),
                  Clock.systemUTC())
              .start();
      resources.onClose(
          () -> {
            operator.close();
            operatorClient.close();
          });

      client.resource(PolicyLoader.fromYamlString(SandboxPodEnvironment.policyFor(peers))).create();

      auditLog = work.resolve("audit.jsonl");
      KubernetesClient gatewayClient =
          GatewayKubernetesClient.create(server.createClient().getConfiguration());
      resources.onClose(gatewayClient::close);
      // As the gateway's cli.ClusterLauncher builds it for --runtime kubernetes, except for ssh: in
      // a cluster the key and
      // known_hosts are the policy's Secret mounted in the session pod (ServeCommand takes them
      // from
      // the gateway's environment; see the report).
      gateway =
          ClusterGateway.start(
              gatewayClient,
              gatewayOptions("gateway-mcp-node"),
              HashChainedAuditLog.toFile(auditLog));
      // registered last, so it runs first: sessions are deleted while operator and node still run
      resources.onClose(gateway::close);
      replicas.add(gateway);
    } catch (IOException e) {
      resources.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      resources.close();
      throw e;
    } catch (Exception e) {
      resources.close();
      throw new IllegalStateException("the gateway did not start: " + e, e);
    }
  }

  private static ClusterGateway.Options gatewayOptions(String instance) {
    return new ClusterGateway.Options(
        new HttpGatewayConfig(
            "127.0.0.1", 0, List.of(), List.of(), HttpGatewayConfig.DEFAULT_MAX_BODY_BYTES),
        KubernetesRuntimeSettings.defaults(NS).withReadyTimeout(Duration.ofSeconds(60)),
        POLICY,
        null,
        List.of(),
        instance,
        ToolCatalog.all(
            SandboxSshPaths.mountedAt(Path.of(OperatorOptions.defaults().sshMountPath()))));
  }

  /**
   * A second gateway replica on the same cluster (its own client, port and audit log); the caller
   * closes it.
   */
  ClusterGateway startReplica(String instance) throws Exception {
    KubernetesClient replicaClient =
        GatewayKubernetesClient.create(server.createClient().getConfiguration());
    resources.onClose(replicaClient::close);
    ClusterGateway replica =
        ClusterGateway.start(
            replicaClient,
            gatewayOptions(instance),
            HashChainedAuditLog.toFile(
                Files.createTempFile("itmcp-e2e-" + instance + "-", ".jsonl")));
    replicas.add(replica);
    return replica;
  }

  void onExec(java.util.function.Consumer<String> listener) {
    execs.set(listener);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + gateway.port();
  }

  /**
   * Edits the live policy on the API server, as a GitOps sync would; returns once every gateway
   * replica's watch delivered the edit, with the nanoseconds from the API server's answer to the
   * update until then.
   */
  long editPolicy(UnaryOperator<String> yamlEdit) {
    ItmcpPolicy edited =
        PolicyLoader.fromYamlString(yamlEdit.apply(SandboxPodEnvironment.policyFor(peers)));
    ItmcpPolicy current =
        client.resources(ItmcpPolicy.class).inNamespace(NS).withName(POLICY).get();
    current.setSpec(edited.getSpec());
    ItmcpPolicy updated = client.resource(current).update();
    long stored = System.nanoTime();
    GatewaysSee.version(replicas, updated);
    return System.nanoTime() - stored;
  }

  /** The live ItmcpSessions of a user. */
  List<ItmcpSession> sessionsOf(Identity who) {
    return client.resources(ItmcpSession.class).inNamespace(NS).list().getItems().stream()
        .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
        .filter(s -> who.user().equals(s.getSpec().getUser().getName()))
        .toList();
  }

  /** The docker container running the sandbox container of the session's pod. */
  String sandboxContainerOf(ItmcpSession session) {
    String pod = session.getStatus().getPodName();
    return node.container(NS + "/" + pod, SessionContract.SANDBOX_CONTAINER)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the node runs no container for pod "
                        + pod
                        + " (node errors: "
                        + node.errors()
                        + ")"));
  }

  @Override
  public void close() {
    resources.close();
  }
}
