package io.itmcp.gateway.http;

import static io.itmcp.gateway.testing.HttpHarness.ALICE_TOKEN;
import static io.itmcp.gateway.testing.HttpHarness.BOB_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.HttpHarness;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.RawHttp;
import io.itmcp.gateway.testing.TestPolicies;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client must not be able to stall the gateway for everyone (issue 17.1): bodies announced and
 * never sent hold no worker thread, refused requests are not drained, a body has a deadline, and
 * connections per address and requests per token are capped. The stalling clients use other
 * loopback addresses (127.0.0.x) than the client that must keep being served.
 */
class StalledClientsTest {

  private static final int ANNOUNCED_BODY = 100 * 1024;
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path tmp;

  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private final List<Socket> sockets = new ArrayList<>();
  private HttpHarness harness;

  private void start(HttpLimits limits) throws Exception {
    harness =
        new HttpHarness(
            TestPolicies.policy(
                EnumSet.of(ToolName.CAT, ToolName.PING), TestPolicies.limits(3, 600)),
            FakeTools.catalog(),
            runtime,
            null,
            1024 * 1024,
            limits);
  }

  @AfterEach
  void stop() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void threeHundredStalledBodiesDoNotStopAnotherUsersCallsOrHealthz() throws Exception {
    // eight worker threads for 300 stalled requests: they must hold none
    start(
        HttpLimits.defaults()
            .withMaxThreads(8)
            .withRequestReadTimeout(Duration.ofSeconds(120))
            .withMaxConnectionsPerAddress(40)
            .withMaxRequestsPerToken(400));
    Path file = Files.writeString(tmp.resolve("f.txt"), "still served\n");
    long[] baseline = servedLatencies(file, ALICE_TOKEN);
    long t0 = System.nanoTime();
    List<Socket> anonymous = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      anonymous.add(stalledPost("127.0.0." + (10 + i % 5), null));
      stalledPost("127.0.0." + (15 + i % 5), ALICE_TOKEN);
    }
    for (Socket s : anonymous) {
      String answer = readUntilClosed(s);
      assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.gateway.openConnections() >= 150);
    long setUp = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    long[] stalled = servedLatencies(file, BOB_TOKEN);
    System.out.printf(
        "300 stalling clients set up in %d ms (150 anonymous refused, 150 authenticated bodies held;"
            + " 8 worker threads)%n",
        setUp);
    System.out.printf(
        "  before: healthz %d ms, initialize %d ms, tools/list %d ms, tools/call %d ms%n",
        baseline[0], baseline[1], baseline[2], baseline[3]);
    System.out.printf(
        "  during: healthz %d ms, initialize %d ms, tools/list %d ms, tools/call %d ms%n",
        stalled[0], stalled[1], stalled[2], stalled[3]);
    assertThat(harness.gateway.openConnections())
        .as("the stalled bodies are still held, not dropped")
        .isGreaterThanOrEqualTo(150);
  }

  @Test
  void aBodyThatDoesNotArriveInTimeGets408AndTheConnectionCloses() throws Exception {
    start(HttpLimits.defaults().withRequestReadTimeout(Duration.ofSeconds(1)));
    String answer = readUntilClosed(stalledPost("127.0.0.40", ALICE_TOKEN));
    assertThat(answer)
        .startsWith("HTTP/1.1 408")
        .containsIgnoringCase("connection: close")
        .contains("did not arrive within 1s")
        .contains("--request-read-timeout");
    assertThat(harness.sessions.liveSessions()).isZero();
  }

  @Test
  void refusedRequestsAreAnsweredAndClosedWithoutReadingTheRestOfTheBody() throws Exception {
    start(HttpLimits.defaults().withMaxRequestsPerToken(1));
    int port = harness.gateway.port();
    // 401: no token; 403: a Host that is not this gateway; 413: announced over the cap
    assertThat(readUntilClosed(stalledPost("127.0.0.41", null))).startsWith("HTTP/1.1 401");
    Socket wrongHost = open("127.0.0.41");
    send(wrongHost, head("evil.example", ALICE_TOKEN, ANNOUNCED_BODY) + "{");
    assertThat(readUntilClosed(wrongHost))
        .startsWith("HTTP/1.1 403")
        .containsIgnoringCase("connection: close");
    Socket tooLarge = open("127.0.0.41");
    send(tooLarge, head("127.0.0.1:" + port, ALICE_TOKEN, 2 * 1024 * 1024) + "{");
    assertThat(readUntilClosed(tooLarge)).startsWith("HTTP/1.1 413").contains("--max-body-bytes");
    // 429: the token's one request in progress is a stalled body
    stalledPost("127.0.0.42", ALICE_TOKEN);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Socket second = stalledPost("127.0.0.43", ALICE_TOKEN);
              String answer = readUntilClosed(second);
              return answer.startsWith("HTTP/1.1 429")
                  && answer.contains("--max-requests-per-token");
            });
  }

  @Test
  void aRefusedSmallBodyThatNeverArrivesHoldsItsWorkerOnlyForTheGrace() throws Exception {
    // the grace lets a refusal's small late body be read (no reset discards the answer); a client
    // that never sends it gets the answer and a closed connection once the grace is over, long
    // before the connection timeout (20 s), within the socket's 10 s read timeout
    start(HttpLimits.defaults().withRefusedBodyGrace(Duration.ofMillis(200)));
    Socket s = open("127.0.0.46");
    send(s, head("127.0.0.1:" + harness.gateway.port(), null, 100) + "{");
    assertThat(readUntilClosed(s))
        .startsWith("HTTP/1.1 401")
        .containsIgnoringCase("connection: close");
  }

  @Test
  void requestsWhoseBodyWasReadKeepTheirConnection() throws Exception {
    start(HttpLimits.defaults());
    Socket s = open("127.0.0.45");
    for (int i = 0; i < 2; i++) {
      send(s, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(readOneResponse(s)).startsWith("HTTP/1.1 200").endsWith("ok\n");
    }
    String body = RawHttp.initializeBody(1);
    send(s, head("127.0.0.1:" + harness.gateway.port(), ALICE_TOKEN, body.length()) + body);
    assertThat(readOneResponse(s))
        .startsWith("HTTP/1.1 200")
        .doesNotContainIgnoringCase("connection: close");
    send(s, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertThat(readOneResponse(s)).startsWith("HTTP/1.1 200");
  }

  @Test
  void aBodyThatArrivesInPartsIsReadWhole() throws Exception {
    // the part that came with the head is read at once, the rest as it arrives
    start(HttpLimits.defaults());
    Socket s = open("127.0.0.46");
    String body = RawHttp.initializeBody(7);
    int half = body.length() / 2;
    send(
        s,
        head("127.0.0.1:" + harness.gateway.port(), ALICE_TOKEN, body.length())
            + body.substring(0, half));
    send(s, body.substring(half));
    assertThat(readOneResponse(s)).startsWith("HTTP/1.1 200").contains("\"id\":7");
  }

  @Test
  void connectionsPerClientAddressAreCappedWhereTheyAreAccepted() throws Exception {
    start(HttpLimits.defaults().withMaxConnectionsPerAddress(5));
    for (int i = 0; i < 5; i++) {
      open("127.0.0.50");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.gateway.openConnections() >= 5);
    String refused = readUntilClosed(open("127.0.0.50"));
    assertThat(refused)
        .startsWith("HTTP/1.1 429")
        .contains("127.0.0.50 already has 5 connections open")
        .contains("--max-connections-per-address");
    Socket other = open("127.0.0.51");
    send(other, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(readUntilClosed(other)).startsWith("HTTP/1.1 200");
  }

  @Test
  void requestsPerTokenAreCappedAndFreedWhenTheyEnd() throws Exception {
    start(
        HttpLimits.defaults()
            .withMaxRequestsPerToken(3)
            .withRequestReadTimeout(Duration.ofSeconds(120)));
    String url = harness.baseUrl() + "/mcp";
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(stalledPost("127.0.0.60", ALICE_TOKEN));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                RawHttp.post(
                            url,
                            RawHttp.initializeBody(1),
                            Map.of("Authorization", "Bearer " + ALICE_TOKEN))
                        .statusCode()
                    == 429);
    HttpResponse<String> refused =
        RawHttp.post(
            url, RawHttp.initializeBody(1), Map.of("Authorization", "Bearer " + ALICE_TOKEN));
    assertThat(refused.body())
        .contains("this token already has 3 requests in progress")
        .contains("--max-requests-per-token");
    assertThat(
            RawHttp.post(
                    url, RawHttp.initializeBody(1), Map.of("Authorization", "Bearer " + BOB_TOKEN))
                .statusCode())
        .isEqualTo(200);
    for (Socket s : held) {
      s.close();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                RawHttp.post(
                            url,
                            RawHttp.initializeBody(2),
                            Map.of("Authorization", "Bearer " + ALICE_TOKEN))
                        .statusCode()
                    == 200);
  }

  /**
   * healthz, initialize, tools/list and tools/call of one client, each answered within {@link
   * #CLIENT_TIMEOUT}.
   */
  private long[] servedLatencies(Path file, String token) throws Exception {
    long healthz =
        millis(
            () -> {
              HttpResponse<String> r =
                  RawHttp.send(
                      HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/healthz"))
                          .timeout(CLIENT_TIMEOUT)
                          .build());
              assertThat(r.statusCode()).isEqualTo(200);
              return null;
            });
    try (McpSyncClient client =
        harness.client(token, spec -> spec.requestTimeout(CLIENT_TIMEOUT))) {
      long initialize = millis(client::initialize);
      long list = millis(() -> assertThat(client.listTools().tools()).isNotEmpty());
      long call =
          millis(
              () ->
                  assertThat(
                          client
                              .callTool(
                                  new CallToolRequest(
                                      "cat_tool", Map.of("file_path", file.toString())))
                              .isError())
                      .isFalse());
      return new long[] {healthz, initialize, list, call};
    }
  }

  private Socket stalledPost(String from, String token) throws IOException {
    Socket s = open(from);
    send(s, head("127.0.0.1:" + harness.gateway.port(), token, ANNOUNCED_BODY) + "{");
    return s;
  }

  private static String head(String host, String token, int contentLength) {
    return "POST /mcp HTTP/1.1\r\nHost: "
        + host
        + "\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
        + "Content-Type: application/json\r\nAccept: "
        + RawHttp.ACCEPT
        + "\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  private Socket open(String from) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(from, 0));
    s.connect(new InetSocketAddress("127.0.0.1", harness.gateway.port()), 5_000);
    s.setSoTimeout(10_000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  /**
   * Everything the server sends until it closes; a server that keeps the connection open fails the
   * read.
   */
  private static String readUntilClosed(Socket s) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    int n;
    try {
      while ((n = in.read(buf)) != -1) {
        got.write(buf, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // a close with unread input in the server's buffer arrives as a reset after the answer
    }
    return got.toString(StandardCharsets.UTF_8);
  }

  /** One response (a Content-Length or a chunked body), leaving the connection open. */
  private static String readOneResponse(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    String head = readLine(in, "\r\n\r\n");
    if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
      StringBuilder body = new StringBuilder();
      int size;
      while ((size = Integer.parseInt(readLine(in, "\r\n").trim(), 16)) > 0) {
        body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
        readLine(in, "\r\n");
      }
      readLine(in, "\r\n");
      return head + body;
    }
    int length =
        head.lines()
            .filter(l -> l.regionMatches(true, 0, "Content-Length:", 0, 15))
            .map(l -> Integer.parseInt(l.substring(15).trim()))
            .findFirst()
            .orElseThrow();
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in, String end) throws IOException {
    StringBuilder text = new StringBuilder();
    while (!text.toString().endsWith(end)) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("the server closed the connection after: " + text);
      }
      text.append((char) c);
    }
    return text.toString();
  }

  private static long millis(Callable<?> action) throws Exception {
    long t0 = System.nanoTime();
    action.call();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  private static long millis(Runnable action) throws Exception {
    return millis(
        () -> {
          action.run();
          return null;
        });
  }
}
