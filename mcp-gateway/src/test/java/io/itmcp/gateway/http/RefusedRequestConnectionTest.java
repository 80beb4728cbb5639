package io.itmcp.gateway.http;

import static io.itmcp.gateway.testing.HttpHarness.ALICE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.auth.BearerTokenAuthenticator;
import io.itmcp.gateway.auth.PolicyAuthorizer;
import io.itmcp.gateway.auth.TokenEntry;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.RawHttp;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.EffectivePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request refused before its body was read (here the cluster gateway's 404 for a path that names
 * no policy, as for a session used at another policy's endpoint) keeps its connection when its
 * small body arrives, and says {@code Connection: close} when the gateway closes it: a client that
 * reuses the connection never meets a close it was not told about (issue 10, "header parser
 * received no bytes" in the cluster tests). Before the fix every such refusal closed its connection
 * silently, and the JDK's HTTP client failed on about a third of reuses.
 */
class RefusedRequestConnectionTest {

  private static final Duration GRACE = Duration.ofMillis(300);
  private static final String REFUSED_PATH = "/mcp/no/such/endpoint";

  private final List<AutoCloseable> open = new ArrayList<>();
  private EffectivePolicy policy;
  private int port;

  @BeforeEach
  void start() throws Exception {
    policy = TestPolicies.policy(EnumSet.of(ToolName.CAT), TestPolicies.limits(3, 600));
    InFlightCalls inFlight = new InFlightCalls();
    SessionRegistry sessions = new SessionRegistry(new ProcessSandboxRuntime(), policy);
    open.add(sessions);
    HttpGateway gateway =
        HttpGateway.startPerPolicy(
            new HttpGatewayConfig(
                "127.0.0.1",
                0,
                List.of(),
                List.of(),
                64 * 1024,
                HttpLimits.defaults().withRefusedBodyGrace(GRACE)),
            new McpServerFactory(
                policy,
                FakeTools.catalog(),
                new ToolCallHandler(
                    sessions, new MemoryAuditSink(null), inFlight, null, Clock.systemUTC())),
            sessions,
            inFlight,
            new BearerTokenAuthenticator(
                List.of(
                    new TokenEntry(
                        "alice", List.of(), BearerTokenAuthenticator.sha256(ALICE_TOKEN)))),
            PolicyAuthorizer.ALLOW_ALL);
    open.add(0, gateway);
    port = gateway.port();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Test
  void aRefusalWhoseSmallBodyFollowsItsHeadersKeepsTheConnectionForTheNextRequest()
      throws Exception {
    try (Socket s = socket()) {
      String body = RawHttp.initializeBody(1);
      for (int i = 0; i < 3; i++) {
        // headers and body in two writes, as the JDK's HTTP client sends them
        send(s, head(REFUSED_PATH, body.length()));
        send(s, body);
        String refused = readOneResponse(s);
        assertThat(refused)
            .startsWith("HTTP/1.1 404")
            .doesNotContainIgnoringCase("connection: close");
        send(s, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(readOneResponse(s))
            .as("the next request on the same connection")
            .startsWith("HTTP/1.1 200");
      }
    }
  }

  @Test
  void aRefusalWhoseBodyIsTooLargeToDrainSaysThatItClosesTheConnection() throws Exception {
    try (Socket s = socket()) {
      send(s, head(REFUSED_PATH, UnreadBodyValve.SMALL_BODY_BYTES + 1));
      assertThat(readOneResponse(s))
          .startsWith("HTTP/1.1 404")
          .containsIgnoringCase("connection: close");
    }
  }

  @Test
  void aRefusalWhoseSmallBodyStallsPastTheGraceSaysThatItClosesTheConnection() throws Exception {
    try (Socket s = socket()) {
      send(s, head(REFUSED_PATH, 100) + "{");
      assertThat(readOneResponse(s))
          .startsWith("HTTP/1.1 404")
          .containsIgnoringCase("connection: close");
    }
  }

  @Test
  void theJdkClientReusesItsConnectionAfterRefusalsWithoutFailing() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base = "http://127.0.0.1:" + port;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      try {
        assertThat(
                client
                    .send(
                        post(base + "/mcp/" + policy.name()), HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(200);
        assertThat(
                client
                    .send(post(base + REFUSED_PATH), HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(404);
      } catch (IOException e) {
        failures.add(i + ": " + e.getMessage());
      }
    }
    assertThat(failures).as("requests on a reused connection that got no answer").isEmpty();
  }

  private Socket socket() throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    return s;
  }

  private static HttpRequest post(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + ALICE_TOKEN)
        .header("Content-Type", "application/json")
        .header("Accept", RawHttp.ACCEPT)
        .POST(HttpRequest.BodyPublishers.ofString(RawHttp.initializeBody(1)))
        .build();
  }

  private static String head(String path, int contentLength) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + ALICE_TOKEN
        + "\r\n"
        + "Content-Type: application/json\r\nAccept: "
        + RawHttp.ACCEPT
        + "\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  /** One response with its Content-Length body, leaving the connection open. */
  private static String readOneResponse(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("the server closed the connection after: " + head);
      }
      head.append((char) c);
    }
    int length =
        head.toString()
            .lines()
            .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
            .map(l -> Integer.parseInt(l.substring(15).trim()))
            .findFirst()
            .orElseThrow(() -> new IOException("no Content-Length in " + head));
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
