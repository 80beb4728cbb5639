package io.itmcp.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.cluster.ClusterGateway;
import io.itmcp.gateway.session.LegacySessionBounds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Gateway replicas behind a Service without session affinity, on the mock API server with the real
 * operator: a caller's sandbox is one ItmcpSession and one pod whichever replica serves it; a
 * legacy session id one replica does not know gets 404 and the client's new initialize there
 * reaches the same sandbox; stopping a replica loses no sandbox and no audit record; clients that
 * never close their sessions never lock their user out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterReplicasMockTest {
  private static final String NS = ClusterStack.NS;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ClusterStack stack;
  private final List<ClusterGateway> replicas = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    String missing = LoopbackDns.available() ? null : "dnsmasq or dig is not installed";
    if (missing != null) {
      System.out.println("SKIPPED ClusterReplicasMockTest: " + missing);
    }
    Assumptions.assumeTrue(missing == null, missing);
    stack = new ClusterStack();
    stack.applyPolicy(
        ClusterStack.DEFAULT_POLICY, "ping, dig", List.of("127.0.0.1", LoopbackDns.NAME));
  }

  @AfterAll
  void stop() throws Exception {
    for (ClusterGateway replica : replicas) {
      replica.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private ClusterGateway replica(String name, LegacySessionBounds bounds) throws Exception {
    ClusterGateway replica = stack.startReplica(name, stack.auditFile(name), bounds);
    replicas.add(replica);
    return replica;
  }

  private String user(String name) {
    Identity who = new Identity(name + "@example.com", List.of("netops"));
    stack.api.acceptToken(name + "-token-replicas-0123456789", who);
    stack.api.grantUse(who.user(), ClusterStack.DEFAULT_POLICY);
    return name;
  }

  private static String token(String user) {
    return user + "-token-replicas-0123456789";
  }

  /**
   * A legacy Streamable HTTP client as an assistant runs it: one MCP session id at a time; a 404
   * means the session is unknown where the request landed, so it initializes again there and
   * repeats the request (the MCP specification's rule for clients).
   */
  private static final class LegacyClient {
    final String token;
    final String clientName;
    String sessionId;
    int initializes;
    int notFound;

    LegacyClient(String token, String clientName) {
      this.token = token;
      this.clientName = clientName;
    }

    String ping(String baseUrl, int id) throws Exception {
      String call =
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + id
              + ",\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
              + "\"arguments\":{\"target\":\"127.0.0.1\",\"count\":1}}}";
      if (sessionId == null) {
        initialize(baseUrl);
      }
      HttpResponse<String> r = post(baseUrl, call, sessionId);
      if (r.statusCode() == 404) {
        notFound++;
        initialize(baseUrl);
        r = post(baseUrl, call, sessionId);
      }
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return r.body();
    }

    void initialize(String baseUrl) throws Exception {
      HttpResponse<String> init =
          post(
              baseUrl,
              "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                  + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\""
                  + clientName
                  + "\",\"version\":\"0.17.2\"}}}",
              null);
      assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
      sessionId = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      initializes++;
      post(baseUrl, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", sessionId);
    }

    private HttpResponse<String> post(String baseUrl, String body, String session)
        throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
              .timeout(WAIT)
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json, text/event-stream")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      if (session != null) {
        b.header("Mcp-Session-Id", session);
      }
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private List<ItmcpSession> liveSessionsOf(String user) {
    return stack.client.resources(ItmcpSession.class).inNamespace(NS).list().getItems().stream()
        .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
        .filter(s -> (user + "@example.com").equals(s.getSpec().getUser().getName()))
        .toList();
  }

  private List<Pod> podsOf(ItmcpSession session) {
    return stack
        .client
        .pods()
        .inNamespace(NS)
        .withLabel("itmcp.io/session", session.getMetadata().getName())
        .list()
        .getItems();
  }

  private static void assertRan(String body) {
    assertThat(body).contains("1 received").doesNotContain("\"isError\":true");
  }

  /**
   * Completed ping calls of the user in a replica's audit log (each call also has an intent
   * record).
   */
  private static long allowedPings(Path audit, String user) throws Exception {
    return Files.readAllLines(audit).stream()
        .filter(l -> !l.isBlank())
        .map(
            l -> {
              try {
                return JSON.readTree(l);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .filter(
            l ->
                l.path("user").asText().equals(user + "@example.com")
                    && "ping_tool".equals(l.path("tool").asText())
                    && "allowed".equals(l.path("decision").asText())
                    && "completion".equals(l.path("phase").asText()))
        .count();
  }

  @Test
  void aClientAlternatingBetweenTwoReplicasWithoutAffinityUsesOneItmcpSessionAndOnePod()
      throws Exception {
    String alice = user("alice");
    ClusterGateway b = replica("gateway-b", LegacySessionBounds.defaults());
    List<String> replicaUrls = List.of(stack.baseUrl(), "http://127.0.0.1:" + b.port());
    LegacyClient client = new LegacyClient(token(alice), "inspector");

    for (int call = 0; call < 20; call++) {
      assertRan(client.ping(replicaUrls.get(call % 2), call + 1));
    }

    assertThat(client.notFound)
        .as("each hop lands where the session id is unknown: 404, then initialize")
        .isPositive();
    assertThat(liveSessionsOf(alice))
        .as("one ItmcpSession for the caller, whichever replica served it")
        .singleElement()
        .satisfies(s -> assertThat(podsOf(s)).as("one pod").hasSize(1));
    assertThat(
            allowedPings(stack.auditLog, alice) + allowedPings(stack.auditFile("gateway-b"), alice))
        .isEqualTo(20);
    System.out.printf(
        "[itmcp-e2e replicas] 20 calls alternating between 2 replicas: %d initializes (%d after a 404),"
            + " 1 ItmcpSession, 1 pod%n",
        client.initializes, client.notFound);
  }

  @Test
  void aReplicaStoppedMidRunLosesNoSandboxAndNoAuditRecordAndTheClientCarriesOnThroughTheOther()
      throws Exception {
    String erin = user("erin");
    ClusterGateway c = replica("gateway-c", LegacySessionBounds.defaults());
    String cUrl = "http://127.0.0.1:" + c.port();
    LegacyClient client = new LegacyClient(token(erin), "claude-code");
    IntFunction<String> route = i -> i % 2 == 0 ? stack.baseUrl() : cUrl;
    for (int call = 0; call < 6; call++) {
      assertRan(client.ping(route.apply(call), call + 1));
    }
    ItmcpSession before = liveSessionsOf(erin).get(0);

    c.close(); // the pod of replica C is deleted (rolling update, drain); the Service sends
    // everything to A
    replicas.remove(c);
    for (int call = 6; call < 12; call++) {
      assertRan(client.ping(stack.baseUrl(), call + 1));
    }

    assertThat(liveSessionsOf(erin))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getMetadata().getUid())
                  .as("the same sandbox, not a new one")
                  .isEqualTo(before.getMetadata().getUid());
              assertThat(podsOf(s)).hasSize(1);
            });
    assertThat(
            allowedPings(stack.auditLog, erin) + allowedPings(stack.auditFile("gateway-c"), erin))
        .as("every finished call has its audit record, also those the stopped replica served")
        .isEqualTo(12);
  }

  @Test
  void sixInspectorStyleClientsOfOneUserThatNeverCloseTheirSessionAllWork() throws Exception {
    String frank = user("frank");
    ClusterGateway d = replica("gateway-d", new LegacySessionBounds(2, 100));
    String dUrl = "http://127.0.0.1:" + d.port();
    for (int run = 1; run <= 6; run++) {
      LegacyClient inspector =
          new LegacyClient(token(frank), "inspector-cli"); // a new process each run
      assertRan(inspector.ping(dUrl, 1));
      // and exits without DELETE
    }
    assertThat(d.sessions().liveSessions(frank + "@example.com"))
        .as("legacy sessions bounded per user")
        .isEqualTo(2);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(liveSessionsOf(frank)).as("one sandbox for all six runs").hasSize(1));
  }
}
