package io.itmcp.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.gateway.audit.AuditVerifier;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.policy.PolicyLoader;
import io.itmcp.testkit.mcp.McpClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster path end to end on a mock API server: an MCP client (Java SDK, Streamable HTTP, a
 * bearer token TokenReview accepts) reaches the gateway in kubernetes runtime; its session becomes
 * an ItmcpSession the real operator turns into a pod and a NetworkPolicy; ping_tool and dig_tool
 * run by pod exec (here: on this machine, against loopback and a dnsmasq of the test); each call
 * leaves an audit line and an Event; closing the MCP session leaves the caller's ItmcpSession to
 * its next session; an identity without {@code use} is refused before anything is created; a policy
 * edit decides the next call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterPathMockTest {
  private static final String NS = ClusterStack.NS;
  private static final String ALICE_TOKEN = "alice-sa-token-e2e-0123456789";
  private static final String BOB_TOKEN = "bob-sa-token-e2e-9876543210";
  private static final Identity ALICE =
      new Identity("system:serviceaccount:netops:alice", List.of("netops"));
  private static final Identity BOB = new Identity("bob@example.com", List.of("interns"));
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final Duration IDLE_AHEAD = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ClusterStack stack;

  @BeforeAll
  void start() throws Exception {
    String missing = LoopbackDns.available() ? null : "dnsmasq or dig is not installed";
    if (missing == null && !onPath("ping")) {
      missing = "ping is not installed";
    }
    if (missing != null) {
      System.out.println(
          "SKIPPED ClusterPathMockTest: " + missing + " (the pod's commands run on this machine)");
    }
    Assumptions.assumeTrue(missing == null, missing);
    stack = new ClusterStack();
    stack.api.acceptToken(ALICE_TOKEN, ALICE);
    stack.api.acceptToken(BOB_TOKEN, BOB);
    stack.api.grantUse(ALICE.user(), ClusterStack.DEFAULT_POLICY);
    stack.api.grantUse(ALICE.user(), "dns-only");
    stack.applyPolicy(
        ClusterStack.DEFAULT_POLICY, "ping, dig", List.of("127.0.0.1", LoopbackDns.NAME));
    stack.applyPolicy("dns-only", "dig", List.of(LoopbackDns.NAME));
  }

  @AfterAll
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aSessionRunsPingAndDigInItsPodAndIsAuditedAndClosingItRemovesTheSandbox() throws Exception {
    McpSyncClient client = McpClients.connect(stack.baseUrl(), "/mcp", ALICE_TOKEN);
    client.initialize();
    assertThat(client.listTools().tools())
        .extracting(Tool::name)
        .containsExactlyInAnyOrder("ping_tool", "dig_tool");

    long t0 = System.nanoTime();
    CallToolResult ping =
        McpClients.call(client, "ping_tool", Map.of("target", "127.0.0.1", "count", 1));
    long firstMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ping.isError()).as(McpClients.text(ping)).isFalse();
    assertThat(McpClients.text(ping)).contains("1 received");
    assertThat(structured(ping).get("exitCode")).isEqualTo(0);

    long t1 = System.nanoTime();
    CallToolResult dig =
        McpClients.call(
            client,
            "dig_tool",
            Map.of(
                "target", LoopbackDns.NAME, "server", stack.dns.ip, "options", List.of("+short")));
    // a figure, not a check: what the first call pays for its sandbox on this stand-in cluster
    System.out.printf(
        "[itmcp-e2e cluster] first call (ItmcpSession created, operator renders pod and"
            + " NetworkPolicy, Ready, exec): %d ms; next call (exec only): %d ms%n",
        firstMs, (System.nanoTime() - t1) / 1_000_000);
    assertThat(dig.isError()).as(McpClients.text(dig)).isFalse();
    assertThat(String.valueOf(structured(dig).get("stdout")).strip())
        .isEqualTo(LoopbackDns.ADDRESS);

    // the ItmcpSession: who, with which client, under which policy; Ready in a pod
    ItmcpSession session = onlySessionOf(ALICE);
    String name = session.getMetadata().getName();
    assertThat(session.getSpec().getUser().getGroups()).containsExactly("netops");
    assertThat(session.getSpec().getPolicyRef().getName()).isEqualTo(ClusterStack.DEFAULT_POLICY);
    assertThat(session.getSpec().getClient().getName()).isEqualTo(McpClients.CLIENT_NAME);
    assertThat(session.getSpec().getClient().getVersion()).isEqualTo(McpClients.CLIENT_VERSION);
    assertThat(session.getStatus().getPhase()).isEqualTo(SessionPhase.Ready);
    String podName = session.getStatus().getPodName();
    Pod pod = stack.client.pods().inNamespace(NS).withName(podName).get();
    assertThat(pod).isNotNull();
    assertThat(pod.getMetadata().getLabels()).containsEntry("itmcp.io/session", name);
    assertThat(pod.getSpec().getContainers()).extracting(c -> c.getName()).contains("sandbox");
    assertThat(stack.api.execs.get()).as("both calls ran by pod exec").isGreaterThanOrEqualTo(2);

    // activity reaches the session for the operator's idle expiry (coalesced, in the background)
    eventually(
        "the last-activity annotation on " + name,
        () -> {
          ItmcpSession now =
              stack.client.resources(ItmcpSession.class).inNamespace(NS).withName(name).get();
          return now.getMetadata().getAnnotations() != null
              && now.getMetadata()
                  .getAnnotations()
                  .containsKey(SessionContract.LAST_ACTIVITY_ANNOTATION);
        });

    // the NetworkPolicy: only this pod, egress to the allowed hosts' addresses and the DNS server
    NetworkPolicy egress =
        stack
            .client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(NS)
            .withName(name + "-egress")
            .get();
    assertThat(egress).isNotNull();
    assertThat(egress.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("itmcp.io/session", name);
    assertThat(cidrs(egress))
        .contains("127.0.0.1/32", LoopbackDns.ADDRESS + "/32", stack.dns.ip + "/32");

    // the audit: one Event per call on the ItmcpSession (tool and target only), and the JSON lines
    eventually(
        "ToolCallAllowed Events for both calls",
        () ->
            eventsOf(name).stream().filter(e -> "ToolCallAllowed".equals(e.getReason())).count()
                >= 2);
    List<Event> events = eventsOf(name);
    assertThat(events)
        .extracting(Event::getNote)
        .anySatisfy(n -> assertThat(n).startsWith("ping_tool target=127.0.0.1"))
        .anySatisfy(n -> assertThat(n).startsWith("dig_tool target=" + LoopbackDns.NAME));
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.getRegarding().getKind()).isEqualTo("ItmcpSession");
              assertThat(e.getRegarding().getUid()).isEqualTo(session.getMetadata().getUid());
              assertThat(e.getNote()).doesNotContain("+short").doesNotContain(stack.dns.ip);
            });
    List<JsonNode> lines = auditLines();
    assertThat(lines)
        .anySatisfy(
            l -> {
              assertThat(l.path("tool").asText()).isEqualTo("ping_tool");
              assertThat(l.path("user").asText()).isEqualTo(ALICE.user());
              assertThat(l.path("decision").asText()).isEqualTo("allowed");
            });
    assertThat(lines).anySatisfy(l -> assertThat(l.path("tool").asText()).isEqualTo("dig_tool"));
    AuditVerifier.Result chain = AuditVerifier.verify(stack.auditLog);
    assertThat(chain.intact()).as(chain.summary()).isTrue();

    // closing the MCP session (HTTP DELETE) ends it in the gateway; the sandbox is the caller's and
    // stays for the caller's next session until its idle timeout or TTL
    client.closeGracefully();
    eventually(
        "the gateway ended the closed MCP session",
        () -> stack.gateway.sessions().liveSessions(ALICE.user()) == 0);
    McpSyncClient next = McpClients.connect(stack.baseUrl(), "/mcp", ALICE_TOKEN);
    next.initialize();
    assertThat(
            McpClients.call(next, "ping_tool", Map.of("target", "127.0.0.1", "count", 1)).isError())
        .isFalse();
    assertThat(onlySessionOf(ALICE).getMetadata().getUid())
        .as("the next session reaches the same sandbox")
        .isEqualTo(session.getMetadata().getUid());
    next.closeGracefully();
    // what the operator does at the idle timeout: the ItmcpSession deleted, the pod removed
    stack.client.resources(ItmcpSession.class).inNamespace(NS).withName(name).delete();
    eventually(
        "ItmcpSession " + name + " and pod " + podName + " removed",
        () ->
            stack.client.resources(ItmcpSession.class).inNamespace(NS).withName(name).get() == null
                && stack.client.pods().inNamespace(NS).withName(podName).get() == null);
  }

  @Test
  void anIdentityWithoutUseIsRefusedBeforeAnySessionExists() throws Exception {
    int reviewsBefore = stack.api.accessReviews.get();
    HttpResponse<String> refused = initialize("/mcp", BOB_TOKEN);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body())
        .contains("may not use ItmcpPolicy " + ClusterStack.DEFAULT_POLICY)
        .contains("itmcp-policy-user");
    McpSyncClient bob = McpClients.connect(stack.baseUrl(), "/mcp", BOB_TOKEN);
    assertThatThrownBy(bob::initialize).as("the SDK client is refused too");
    bob.close();
    assertThat(initialize("/mcp", "not-a-token-the-cluster-knows").statusCode()).isEqualTo(401);
    assertThat(initialize("/mcp/not-granted", ALICE_TOKEN).statusCode())
        .as("alice has no grant on it")
        .isEqualTo(403);
    // access decisions are cached briefly, so the grant is for another name than the refusal above
    stack.api.grantUse(ALICE.user(), "no-such-policy");
    HttpResponse<String> unknown = initialize("/mcp/no-such-policy", ALICE_TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("there is no ItmcpPolicy no-such-policy");

    assertThat(stack.gateway.sessions().liveSessions(BOB.user())).isZero();
    assertThat(stack.api.accessReviews.get())
        .as("the refusals came from SubjectAccessReviews")
        .isGreaterThan(reviewsBefore);
    assertThat(stack.client.resources(ItmcpSession.class).inNamespace(NS).list().getItems())
        .as("no ItmcpSession was created for bob")
        .noneMatch(s -> BOB.user().equals(s.getSpec().getUser().getName()));
  }

  @Test
  void aPolicyEditDecidesTheNextCallAndThePathPicksThePolicy() throws Exception {
    McpSyncClient dnsOnly = McpClients.connect(stack.baseUrl(), "/mcp/dns-only", ALICE_TOKEN);
    dnsOnly.initialize();
    List<Tool> dnsTools = dnsOnly.listTools().tools();
    assertThat(dnsTools).extracting(Tool::name).containsExactly("dig_tool");
    assertThat(dnsTools.get(0).description())
        .as("described for dns-only")
        .contains(LoopbackDns.NAME)
        .doesNotContain("127.0.0.1");
    assertThat(McpClients.call(dnsOnly, "ping_tool", Map.of("target", "127.0.0.1")).isError())
        .as("ping is not enabled by dns-only")
        .isTrue();
    dnsOnly.closeGracefully();

    List<List<Tool>> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
    McpSyncClient client =
        McpClients.connect(
            stack.baseUrl(), "/mcp", ALICE_TOKEN, spec -> spec.toolsChangeConsumer(changes::add));
    client.initialize();
    try {
      assertThat(ping(client.listTools().tools()).description()).contains("127.0.0.1");
      assertThat(
              McpClients.call(client, "ping_tool", Map.of("target", "127.0.0.1", "count", 1))
                  .isError())
          .isFalse();

      stack.applyPolicy(ClusterStack.DEFAULT_POLICY, "ping, dig", List.of(LoopbackDns.NAME));
      CallToolResult refused =
          McpClients.call(client, "ping_tool", Map.of("target", "127.0.0.1", "count", 1));
      assertThat(refused.isError()).isTrue();
      assertThat(McpClients.text(refused)).contains("allowedHosts").contains("127.0.0.1");
      String name = onlySessionOf(ALICE).getMetadata().getName();
      eventually(
          "a ToolCallDenied Event",
          () ->
              eventsOf(name).stream()
                  .anyMatch(
                      e ->
                          "ToolCallDenied".equals(e.getReason())
                              && e.getNote().startsWith("ping_tool target=127.0.0.1")));

      // the descriptions follow the edit, and the client was told the list changed
      assertThat(ping(client.listTools().tools()).description()).doesNotContain("127.0.0.1");
      eventually(
          "a tools/list_changed notification",
          () ->
              changes.stream()
                  .anyMatch(
                      tools ->
                          tools.stream()
                              .anyMatch(
                                  t ->
                                      t.name().equals("ping_tool")
                                          && !t.description().contains("127.0.0.1"))));

      stack.applyPolicy(
          ClusterStack.DEFAULT_POLICY, "ping, dig", List.of("127.0.0.1", LoopbackDns.NAME));
      CallToolResult allowed =
          McpClients.call(client, "ping_tool", Map.of("target", "127.0.0.1", "count", 1));
      assertThat(allowed.isError()).as(McpClients.text(allowed)).isFalse();
      assertThat(auditLines())
          .anySatisfy(
              l -> {
                assertThat(l.path("tool").asText()).isEqualTo("ping_tool");
                assertThat(l.path("decision").asText()).isEqualTo("denied");
              });
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void anIdleSessionExpiresAndItsSandboxIsRemoved() throws Exception {
    Identity dave = new Identity("dave@example.com", List.of());
    stack.api.acceptToken("dave-token-e2e-7777", dave);
    stack.api.grantUse(dave.user(), "brief");
    stack.seenByTheGateways(
        stack
            .client
            .resource(
                PolicyLoader.fromYamlString(
                    """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata: {name: brief, namespace: %s}
        spec:
          tools: [ping]
          allowedHosts: ["127.0.0.1"]
          sandbox: {idleTimeoutSeconds: 30}
        """
                        .formatted(NS)))
            .create());
    // 30 s is the shortest idle timeout the policy engine admits. Instead of waiting for it, the
    // clocks run IDLE_AHEAD ahead: the operator's from before the session exists (it schedules its
    // idle check when it writes the session), the gateway's from after the last call, so both see
    // the session idle IDLE_AHEAD before 30 s of real time have passed. The operator's margin of 30
    // s
    // minus IDLE_AHEAD is for the first call to start its sandbox.
    stack.operatorClock.setAhead(IDLE_AHEAD);
    try {
      long idleFrom = System.nanoTime();
      McpSyncClient client =
          McpClients.connect(stack.baseUrl(), "/mcp/brief", "dave-token-e2e-7777");
      client.initialize();
      assertThat(
              McpClients.call(client, "ping_tool", Map.of("target", "127.0.0.1", "count", 1))
                  .isError())
          .isFalse();
      stack.gatewayClock.setAhead(IDLE_AHEAD);
      ItmcpSession session = onlySessionOf(dave);
      String name = session.getMetadata().getName();
      String pod = session.getStatus().getPodName();
      // The gateway's own reaper runs (every 5 s; HousekeepingScheduleTest shows a schedule runs
      // its
      // sweep), but each poll runs the sweep itself, so the case ends when the session is idle, not
      // up to 5 s later (15 s instead of 10 s in a CI run).
      assertThat(stack.gateway.sessions().reaperInterval()).contains(Duration.ofSeconds(5));
      eventually(
          Duration.ofSeconds(75),
          "the idle session ended in the gateway and its ItmcpSession and pod removed",
          () ->
              afterASweep(dave.user()) == 0
                  && stack.client.resources(ItmcpSession.class).inNamespace(NS).withName(name).get()
                      == null
                  && stack.client.pods().inNamespace(NS).withName(pod).get() == null);
      // on the clocks set ahead, not before the idle timeout (creation times are whole seconds,
      // hence the 1 s)
      assertThat(Duration.ofNanos(System.nanoTime() - idleFrom).plus(IDLE_AHEAD))
          .as("not before the idle timeout")
          .isGreaterThan(Duration.ofSeconds(29));
      assertThat(stack.client.v1().events().inNamespace(NS).list().getItems())
          .filteredOn(
              e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName()))
          .extracting(io.fabric8.kubernetes.api.model.Event::getReason)
          .as("the operator ended it for idleness")
          .contains("IdleTimeout");
      client.close();
    } finally {
      // back to real time for the other cases (only this case's session lived under the clocks set
      // ahead)
      stack.operatorClock.setAhead(Duration.ZERO);
      stack.gatewayClock.setAhead(Duration.ZERO);
    }
  }

  @Test
  void whenAccessCannotBeDecidedTheRequestIsRefused() throws Exception {
    Identity carol = new Identity("carol@example.com", List.of("netops"));
    stack.api.acceptToken("carol-token-e2e-5555", carol);
    stack.api.grantUse(carol.user(), ClusterStack.DEFAULT_POLICY);
    stack.api.accessReviewsFail.set(true);
    try {
      HttpResponse<String> refused = initialize("/mcp", "carol-token-e2e-5555");
      assertThat(refused.statusCode()).as("fail closed").isEqualTo(503);
      assertThat(refused.body()).contains("SubjectAccessReview failed").contains("refused");
      assertThat(stack.gateway.sessions().liveSessions(carol.user())).isZero();
    } finally {
      stack.api.accessReviewsFail.set(false);
    }
    assertThat(initialize("/mcp", "carol-token-e2e-5555").statusCode())
        .as("failures are not cached")
        .isEqualTo(200);
  }

  @Test
  void aSessionIsBoundToItsPolicyEndpointAndItsUser() throws Exception {
    HttpResponse<String> opened = initialize("/mcp/dns-only", ALICE_TOKEN);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
    String id = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(
            post(
                    "/mcp/dns-only",
                    ALICE_TOKEN,
                    id,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .statusCode())
        .isEqualTo(202);
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    HttpResponse<String> own = post("/mcp/dns-only", ALICE_TOKEN, id, list);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).contains("dig_tool").doesNotContain("ping_tool");
    assertThat(post("/mcp", ALICE_TOKEN, id, list).statusCode())
        .as("the default policy's endpoint")
        .isEqualTo(404);
    stack.api.grantUse(BOB.user(), "dns-only");
    assertThat(post("/mcp/dns-only", BOB_TOKEN, id, list).statusCode())
        .as("another user")
        .isEqualTo(404);
    HttpRequest delete =
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/mcp/dns-only"))
            .header("Authorization", "Bearer " + ALICE_TOKEN)
            .header("Mcp-Session-Id", id)
            .DELETE()
            .build();
    assertThat(HTTP.send(delete, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isLessThan(300);
    assertThat(stack.gateway.sessions().find(id)).isEmpty();
  }

  @Test
  void aSandboxThatCannotStartSaysWhyAndLeavesNothingBehind() throws Exception {
    ItmcpPolicy tight =
        PolicyLoader.fromYamlString(
            """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata: {name: one-each, namespace: %s}
        spec:
          tools: [ping]
          allowedHosts: ["127.0.0.1"]
          limits: {maxSessionsPerUser: 1}
        """
                .formatted(NS));
    stack.seenByTheGateways(stack.client.resource(tight).create());
    stack.api.grantUse(ALICE.user(), "one-each");
    // a session of alice's that another gateway replica opened: the operator's quota counts it
    ItmcpSession elsewhere =
        Serialization.unmarshal(
            """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpSession
        metadata: {name: other-replica, namespace: %s}
        spec:
          policyRef: {name: one-each}
          user: {name: "%s"}
        """
                .formatted(NS, ALICE.user()),
            ItmcpSession.class);
    stack.client.resource(elsewhere).create();
    eventually(
        "the other session Ready",
        () -> {
          ItmcpSession s =
              stack
                  .client
                  .resources(ItmcpSession.class)
                  .inNamespace(NS)
                  .withName("other-replica")
                  .get();
          return s != null
              && s.getStatus() != null
              && s.getStatus().getPhase() == SessionPhase.Ready;
        });
    McpSyncClient client = McpClients.connect(stack.baseUrl(), "/mcp/one-each", ALICE_TOKEN);
    client.initialize();
    try {
      CallToolResult refused =
          McpClients.call(client, "ping_tool", Map.of("target", "127.0.0.1", "count", 1));
      assertThat(refused.isError()).isTrue();
      assertThat(McpClients.text(refused))
          .contains("maxSessionsPerUser")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
      eventually(
          "the refused ItmcpSession deleted again",
          () ->
              stack.client.resources(ItmcpSession.class).inNamespace(NS).list().getItems().stream()
                      .filter(s -> "one-each".equals(s.getSpec().getPolicyRef().getName()))
                      .count()
                  == 1);
      assertThat(auditLines())
          .anySatisfy(
              l -> {
                assertThat(l.path("decision").asText()).isEqualTo("failed");
                assertThat(l.path("reason").asText()).contains("maxSessionsPerUser");
              });
    } finally {
      client.closeGracefully();
      stack.client.resources(ItmcpSession.class).inNamespace(NS).withName("other-replica").delete();
    }
  }

  private HttpResponse<String> post(String endpoint, String token, String sessionId, String body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + endpoint))
            .header("Authorization", "Bearer " + token)
            .header("Mcp-Session-Id", sessionId)
            .header("Mcp-Protocol-Version", "2025-06-18")
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> initialize(String endpoint, String token) throws Exception {
    String body =
        """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
        "clientInfo":{"name":"raw","version":"1"}}}""";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + endpoint))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Tool ping(List<Tool> tools) {
    return tools.stream().filter(t -> t.name().equals("ping_tool")).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(CallToolResult result) {
    return (Map<String, Object>) result.structuredContent();
  }

  private ItmcpSession onlySessionOf(Identity who) {
    List<ItmcpSession> mine =
        stack.client.resources(ItmcpSession.class).inNamespace(NS).list().getItems().stream()
            .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
            .filter(s -> who.user().equals(s.getSpec().getUser().getName()))
            .toList();
    assertThat(mine).as("live ItmcpSessions of " + who.user()).hasSize(1);
    return mine.get(0);
  }

  private List<Event> eventsOf(String sessionName) {
    return stack.client.resources(Event.class).inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getRegarding() != null && sessionName.equals(e.getRegarding().getName()))
        .filter(e -> e.getReason() != null && e.getReason().startsWith("ToolCall"))
        .toList();
  }

  private List<JsonNode> auditLines() throws Exception {
    return Files.readAllLines(stack.auditLog).stream()
        .filter(l -> !l.isBlank())
        .map(
            l -> {
              try {
                return JSON.readTree(l);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private static List<String> cidrs(NetworkPolicy policy) {
    return policy.getSpec().getEgress().stream()
        .map(NetworkPolicyEgressRule::getTo)
        .filter(Objects::nonNull)
        .flatMap(List::stream)
        .map(NetworkPolicyPeer::getIpBlock)
        .filter(Objects::nonNull)
        .map(b -> b.getCidr())
        .toList();
  }

  /** The user's live gateway sessions after one sweep of the gateway's reaper. */
  private int afterASweep(String user) {
    stack.gateway.sessions().reap();
    return stack.gateway.sessions().liveSessions(user);
  }

  private static void eventually(String what, Supplier<Boolean> condition)
      throws InterruptedException {
    eventually(WAIT, what, condition);
  }

  private static void eventually(Duration wait, String what, Supplier<Boolean> condition)
      throws InterruptedException {
    try {
      await(what)
          .atMost(wait)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Boolean.TRUE.equals(condition.get()));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not within " + wait.toSeconds() + " s: " + what, e);
    }
  }

  private static boolean onPath(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(java.nio.file.Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }
}
