package io.itmcp.e2e.mcp;

import static io.itmcp.e2e.mcp.McpNodeStack.ALICE;
import static io.itmcp.e2e.mcp.McpNodeStack.ALICE_TOKEN;
import static io.itmcp.e2e.mcp.McpNodeStack.B_PORT;
import static io.itmcp.e2e.mcp.McpNodeStack.NS;
import static io.itmcp.testkit.mcp.McpClients.call;
import static io.itmcp.testkit.mcp.McpClients.describe;
import static io.itmcp.testkit.mcp.McpClients.structured;
import static io.itmcp.testkit.mcp.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.e2e.docker.CommandResult;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.docker.RequiresDockerEngine;
import io.itmcp.e2e.docker.SideBySide;
import io.itmcp.e2e.env.Peers;
import io.itmcp.e2e.env.SandboxPodEnvironment;
import io.itmcp.e2e.netpol.EgressFirewall;
import io.itmcp.gateway.cluster.ClusterGateway;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MCP layer over the container-backed node: an MCP client (Java SDK, Streamable HTTP, a bearer
 * token the API server's TokenReview accepts) talks to the real gateway in kubernetes runtime; its
 * session becomes an ItmcpSession the real operator renders into a pod and a NetworkPolicy; the
 * node runs the pod as a real locked-down container and enforces the NetworkPolicy with iptables.
 * Tool answers come from that container; the network layer holds with the gateway bypassed; a
 * policy edit changes both the gateway's decision and the container's reachability for the next
 * call; a second MCP session of the same caller on a second gateway replica reaches the same
 * container, which outlives that session and that replica.
 */
@ExtendWith(RequiresDockerEngine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpOnContainerNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private McpNodeStack stack;
  private McpSyncClient client;
  private ItmcpSession session;
  private String container;

  @BeforeAll
  void start() {
    stack = new McpNodeStack("mcp");
    client = McpSessions.connect(stack.baseUrl(), ALICE_TOKEN);
    client.initialize();
    // the first call brings the session's sandbox up; its answer is checked in the first test
    call(client, "ping_tool", Map.of("target", stack.peers.sshIp, "count", 1));
    List<ItmcpSession> mine = stack.sessionsOf(ALICE);
    assertThat(mine).as("live ItmcpSessions of " + ALICE.user()).hasSize(1);
    session = mine.get(0);
    container = stack.sandboxContainerOf(session);
  }

  @AfterAll
  void stop() {
    try {
      if (client != null) {
        client.closeGracefully();
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
    if (container != null) {
      assertThat(Docker.docker("inspect", container).ok())
          .as("the session's container is removed")
          .isFalse();
      assertThat(
              Docker.checked(
                      "ps",
                      "-aq",
                      "--filter",
                      "label=" + Docker.LABEL + "=" + stack.resources.runId())
                  .strip())
          .as(
              "no container the stack started is left (the peers are this JVM's, kept for its next class)")
          .isEmpty();
    }
    assertThat(EgressFirewall.ownRules()).as("iptables rules of this JVM left").isEmpty();
  }

  private CallToolResult ok(String tool, Map<String, Object> args) {
    CallToolResult r = call(client, tool, args);
    assertThat(r.isError()).as(describe(tool, r)).isFalse();
    assertThat(structured(r).get("exitCode")).as(describe(tool, r)).isEqualTo(0);
    return r;
  }

  /** {@code docker exec} in the session's container: the gateway is not involved. */
  private CommandResult direct(String... argv) {
    List<String> args = new ArrayList<>(List.of("exec", container));
    args.addAll(List.of(argv));
    return Docker.docker(args, Duration.ofSeconds(20));
  }

  private boolean bReachableDirectly() {
    return direct("nc", "-z", "-w", "2", "--", stack.peerB, Integer.toString(B_PORT)).ok();
  }

  private void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    try {
      await(what).atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "not within "
              + WAIT.toSeconds()
              + " s: "
              + what
              + " (node errors: "
              + stack.node.errors()
              + ")\n"
              + EgressFirewall.dump(),
          e);
    }
  }

  @Test
  @Order(1)
  void theSessionIsAReadyPodRunAsARealContainer() {
    assertThat(session.getStatus().getPhase()).isEqualTo(SessionPhase.Ready);
    assertThat(session.getSpec().getPolicyRef().getName()).isEqualTo(McpNodeStack.POLICY);
    assertThat(session.getSpec().getClient().getName()).isEqualTo(McpSessions.CLIENT_NAME);
    assertThat(Docker.ipOf(container, stack.network.name()))
        .as("the pod IP is the container's")
        .isEqualTo(session.getStatus().getPodIP());
    assertThat(
            Docker.checked(
                    "inspect",
                    "--format",
                    "{{.HostConfig.ReadonlyRootfs}} {{.Config.User}}",
                    container)
                .strip())
        .as("read-only root filesystem, the image's non-root user")
        .isEqualTo("true 65532:65532");
  }

  @Test
  @Order(2)
  void pingDigTelnetSshAndCatAnswerFromTheContainerThroughMcp() {
    String ping = text(ok("ping_tool", Map.of("target", stack.peers.sshIp, "count", 1)));
    assertThat(ping).contains("bytes from " + stack.peers.sshIp).contains("1 received");

    CallToolResult dig =
        ok(
            "dig_tool",
            Map.of(
                "target",
                Peers.ZONE_NAME,
                "server",
                stack.peers.dnsIp,
                "options",
                List.of("+short")));
    assertThat(String.valueOf(structured(dig).get("stdout")).strip())
        .as("the test zone's record, from its dnsmasq")
        .isEqualTo(stack.peers.sshIp);

    CallToolResult telnet = ok("telnet_tool", Map.of("target", stack.peers.sshIp, "port", 22));
    assertThat(text(telnet)).contains(stack.peers.sshIp);

    CallToolResult ssh =
        ok(
            "ssh_tool",
            Map.of("target", stack.peers.sshIp, "user", Peers.SSH_USER, "command", "uname -n"));
    assertThat(String.valueOf(structured(ssh).get("stdout")).strip())
        .as("the peer's hostname, over ssh with the" + " key mounted in the pod")
        .isEqualTo(Peers.SSH_HOSTNAME);

    CallToolResult cat =
        ok("cat_tool", Map.of("file_path", SandboxPodEnvironment.FILES_DIR + "/app.log"));
    assertThat(String.valueOf(structured(cat).get("stdout")).lines().toList())
        .as("the ConfigMap the policy mounts in the pod")
        .isEqualTo(SandboxPodEnvironment.APP_LOG);
    assertThat(
            direct("cat", SandboxPodEnvironment.FILES_DIR + "/app.log").stdout().lines().toList())
        .as("the same file, read in the container directly")
        .isEqualTo(SandboxPodEnvironment.APP_LOG);
  }

  @Test
  @Order(3)
  void aHostOutsideThePolicyIsUnreachableWithTheGatewayBypassedAndDnsGoesOnlyToTheAllowedServer()
      throws Exception {
    try (SideBySide dropped = new SideBySide()) {
      aHostOutsideThePolicyIsUnreachable(dropped);
    }
  }

  private void aHostOutsideThePolicyIsUnreachable(SideBySide dropped) throws Exception {
    Future<CommandResult> ncToB =
        dropped.start(
            () -> direct("nc", "-z", "-w", "2", "--", stack.peerB, Integer.toString(B_PORT)));
    Future<CommandResult> pingB =
        dropped.start(() -> direct("ping", "-n", "-c", "1", "-W", "2", "--", stack.peerB));
    Future<CommandResult> digAtDnsB =
        dropped.start(
            () ->
                direct("dig", "@" + stack.dnsB, "+short", "+time=2", "+tries=1", Peers.ZONE_NAME));
    CallToolResult refused =
        call(client, "telnet_tool", Map.of("target", stack.peerB, "port", B_PORT));
    assertThat(refused.isError()).as(describe("telnet_tool", refused)).isTrue();
    assertThat(text(refused)).contains("allowedHosts").contains(stack.peerB);

    assertThat(direct("nc", "-z", "-w", "2", "--", stack.peers.sshIp, "22").ok())
        .as("allowed host, directly")
        .isTrue();
    CommandResult nc = ncToB.get();
    assertThat(nc.ok()).as("B with the gateway bypassed: " + nc.describe()).isFalse();
    CommandResult ping = pingB.get();
    assertThat(ping.ok()).as("ping B with the gateway bypassed: " + ping.describe()).isFalse();
    assertThat(
            Docker.docker(
                    "exec",
                    stack.peerBContainer,
                    "nc",
                    "-z",
                    "-w",
                    "2",
                    "127.0.0.1",
                    Integer.toString(B_PORT))
                .ok())
        .as("B itself is listening")
        .isTrue();

    CallToolResult otherDns =
        call(client, "dig_tool", Map.of("target", Peers.ZONE_NAME, "server", stack.dnsB));
    assertThat(otherDns.isError()).as(describe("dig_tool", otherDns)).isTrue();
    assertThat(text(otherDns)).contains("dnsServers");
    assertThat(
            direct("dig", "@" + stack.peers.dnsIp, "+short", "+time=2", "+tries=1", Peers.ZONE_NAME)
                .stdout()
                .strip())
        .as("the allowed DNS server, directly")
        .isEqualTo(stack.peers.sshIp);
    CommandResult dig = digAtDnsB.get();
    assertThat(dig.stdout())
        .as("another DNS server with the gateway bypassed: " + dig.describe())
        .doesNotContain(stack.peerB);
    assertThat(dig.ok()).as(dig.describe()).isFalse();
  }

  @Test
  @Order(4)
  void aPolicyEditOpensAndClosesReachabilityForTheNextCallAtTheGatewayAndInTheNetwork()
      throws Exception {
    Map<String, Object> toB = Map.of("target", stack.peerB, "port", B_PORT);
    stack.editPolicy(y -> y.replace("allowedHosts: [", "allowedHosts: [\"" + stack.peerB + "\", "));
    CallToolResult next = call(client, "telnet_tool", toB);
    assertThat(text(next))
        .as("the gateway holds the edit once its watch delivered it: the next call is not refused")
        .doesNotContain("allowedHosts");
    eventually(
        "telnet_tool to B succeeds through MCP once the node applied the re-rendered NetworkPolicy",
        () -> {
          CallToolResult r = call(client, "telnet_tool", toB);
          return !r.isError() && Integer.valueOf(0).equals(structured(r).get("exitCode"));
        });
    assertThat(bReachableDirectly()).as("B with the gateway bypassed, after the edit").isTrue();

    stack.editPolicy(y -> y);
    CallToolResult refused = call(client, "telnet_tool", toB);
    assertThat(refused.isError()).as(describe("telnet_tool", refused)).isTrue();
    assertThat(text(refused)).contains("allowedHosts").contains(stack.peerB);
    eventually(
        "B unreachable with the gateway bypassed once the edit is reverted",
        () -> !bReachableDirectly());
    ok("telnet_tool", Map.of("target", stack.peers.sshIp, "port", 22));
  }

  @Test
  @Order(5)
  void theCallersSessionOnASecondReplicaReachesTheSameContainerAndOutlivesSessionAndReplica()
      throws Exception {
    ClusterGateway replicaB = stack.startReplica("gateway-mcp-node-b");
    try {
      // the client's session id is unknown to replica B (404); its initialize there is a new
      // session
      McpSyncClient second =
          McpSessions.connect("http://127.0.0.1:" + replicaB.port(), ALICE_TOKEN);
      second.initialize();
      CallToolResult ping =
          call(second, "ping_tool", Map.of("target", stack.peers.sshIp, "count", 1));
      assertThat(ping.isError()).as(describe("ping_tool", ping)).isFalse();
      assertThat(stack.sessionsOf(ALICE))
          .as("the caller's one ItmcpSession, whichever replica serves it")
          .singleElement()
          .satisfies(
              s -> assertThat(s.getMetadata().getUid()).isEqualTo(session.getMetadata().getUid()));
      assertThat(stack.sandboxContainerOf(stack.sessionsOf(ALICE).get(0)))
          .as("no new pod")
          .isEqualTo(container);

      second.closeGracefully();
      assertThat(
              stack
                  .client
                  .resources(ItmcpSession.class)
                  .inNamespace(NS)
                  .withName(session.getMetadata().getName())
                  .get())
          .as("closing an MCP session does not end the caller's sandbox")
          .isNotNull();
    } finally {
      replicaB.close();
    }
    assertThat(Docker.docker("inspect", container).ok())
        .as("stopping a replica loses no sandbox")
        .isTrue();
    ok("ping_tool", Map.of("target", stack.peers.sshIp, "count", 1));
    assertThat(stack.node.errors()).isEmpty();
  }
}
