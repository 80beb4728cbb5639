package io.itmcp.gateway.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.Binaries;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.network.CaptureScope;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real curl in the local bubblewrap sandbox, through the call handler with its audit, against HTTP
 * servers the test starts on loopback: a redirect chain whose first hop goes to an allowed address
 * and whose second points at a listener the policy does not allow, which must see no connection; a
 * name pinned to the address the gateway resolved; a large body of unknown length cut at max_bytes
 * with curl's report intact.
 */
class HttpCheckRealTest {

  static LocalSandboxRuntime runtime;

  private final List<HttpServer> servers = new ArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private ServerSocketChannel forbidden;
  private SessionRegistry sessions;
  private final MemoryAuditSink audit = new MemoryAuditSink();

  @BeforeAll
  static void runtime() {
    Binaries.require("curl", "env");
    runtime = Binaries.bubblewrapRuntime();
  }

  @BeforeEach
  void forbiddenListener() throws IOException {
    forbidden = ServerSocketChannel.open();
    forbidden.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    forbidden.configureBlocking(false);
  }

  @AfterEach
  void stop() throws IOException {
    servers.forEach(s -> s.stop(0));
    forbidden.close();
    if (sessions != null) {
      sessions.close();
    }
  }

  /**
   * A server on 127.0.0.1 whose one handler records "METHOD path Host cookie" and answers as told.
   */
  private int server(Responder responder) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext(
        "/",
        exchange -> {
          String cookie = exchange.getRequestHeaders().getFirst("Cookie");
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getLocalAddress().getPort()
                  + exchange.getRequestURI()
                  + " host="
                  + exchange.getRequestHeaders().getFirst("Host")
                  + " cookie="
                  + cookie);
          try (exchange) {
            responder.respond(exchange);
          }
        });
    s.start();
    servers.add(s);
    return s.getAddress().getPort();
  }

  @FunctionalInterface
  interface Responder {
    void respond(HttpExchange exchange) throws IOException;
  }

  private static Responder redirectTo(String location) {
    return exchange -> {
      exchange.getResponseHeaders().add("Location", location);
      exchange.getResponseHeaders().add("Set-Cookie", "sid=chain-secret-cookie; Path=/; HttpOnly");
      exchange.sendResponseHeaders(302, -1);
    };
  }

  private CallToolResult call(
      EffectivePolicy policy, CaptureScope.Resolver resolver, Map<String, Object> args) {
    sessions = new SessionRegistry(runtime, policy);
    ToolCallHandler handler =
        new ToolCallHandler(
            sessions,
            audit,
            new InFlightCalls(),
            new Identity("tester", List.of()),
            Clock.systemUTC());
    return handler.handle(
        new HttpCheckTool(resolver),
        ToolCallHandler.CallContext.modern(
            McpTransportContext.EMPTY, "2026-07-28", "http-check-test", "1", null),
        new CallToolRequest("http_check_tool", args));
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void aRedirectChainIsFollowedToTheAllowedHopAndStopsBeforeTheForbiddenOne() throws IOException {
    int forbiddenPort = ((InetSocketAddress) forbidden.getLocalAddress()).getPort();
    int second = server(redirectTo("http://127.0.0.1:" + forbiddenPort + "/never"));
    int first = server(redirectTo("http://127.0.0.1:" + second + "/next"));
    EffectivePolicy policy =
        TestPolicies.builder()
            .tools(ToolName.HTTP_CHECK)
            .hosts("127.0.0.1:" + first, "127.0.0.1:" + second)
            .build();

    CallToolResult r =
        call(
            policy,
            TestPolicies.NO_LOOKUPS,
            args(
                "url",
                "http://127.0.0.1:" + first + "/start",
                "follow_redirects",
                true,
                "timeout",
                5));

    assertThat(r.isError()).as(text(r)).isFalse();
    assertThat(forbidden.accept()).as("the listener outside the policy saw a connection").isNull();
    assertThat(seen)
        .containsExactly(
            "HEAD " + first + "/start host=127.0.0.1:" + first + " cookie=null",
            "HEAD " + second + "/next host=127.0.0.1:" + second + " cookie=null");
    Map<String, Object> s = structured(r);
    assertThat(s)
        .containsEntry("status", 302)
        .containsEntry("url", "http://127.0.0.1:" + second + "/next")
        .containsEntry("statusLine", "HTTP/1.1 302 Temporary Redirect");
    assertThat((String) s.get("redirectNotFollowed"))
        .isEqualTo(
            "redirect to http://127.0.0.1:"
                + forbiddenPort
                + "/never not followed: refused host '127.0.0.1' because no entry covering it allows port "
                + forbiddenPort
                + " (rule allowedHosts); allowed: the hosts 127.0.0.1:"
                + first
                + ", 127.0.0.1:"
                + second);
    assertThat((List<?>) s.get("hops")).hasSize(2);
    assertThat(text(r))
        .contains(
            "hop 1: HEAD http://127.0.0.1:" + first + "/start",
            "Set-cookie: sid=[REDACTED]; Path=/; HttpOnly")
        .doesNotContain("chain-secret-cookie");
    assertThat(s.toString()).doesNotContain("chain-secret-cookie");
    @SuppressWarnings("unchecked")
    Map<String, Object> timings = (Map<String, Object>) s.get("timings");
    assertThat(timings).containsKeys("dnsMs", "connectMs", "firstByteMs", "totalMs");
    System.out.println(
        "http_check redirect chain: 2 requests (a bubblewrap sandbox and curl each) in "
            + s.get("durationMs")
            + " ms of exec; last request "
            + timings);

    List<AuditEvent> intents =
        audit.events.stream().filter(e -> e.phase() == AuditEvent.Phase.INTENT).toList();
    assertThat(intents).as("one intent per request, each before it ran").hasSize(2);
    assertThat(intents.get(0).argv()).endsWith("http://127.0.0.1:" + first + "/start");
    assertThat(intents.get(1).argv()).endsWith("http://127.0.0.1:" + second + "/next");
    assertThat(audit.closed())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.decision()).isEqualTo(AuditEvent.Decision.ALLOWED);
              assertThat(e.callId())
                  .isEqualTo(intents.get(0).callId())
                  .isEqualTo(intents.get(1).callId());
              assertThat(e.argv()).endsWith("http://127.0.0.1:" + second + "/next");
            });
  }

  @Test
  void withoutFollowRedirectsOnlyTheFirstRequestIsMade() throws IOException {
    int second = server(exchange -> exchange.sendResponseHeaders(204, -1));
    int first = server(redirectTo("http://127.0.0.1:" + second + "/next"));
    EffectivePolicy policy = TestPolicies.builder().hosts("127.0.0.1").build();

    CallToolResult r =
        call(policy, TestPolicies.NO_LOOKUPS, args("url", "http://127.0.0.1:" + first + "/"));

    assertThat(seen)
        .containsExactly("HEAD " + first + "/ host=127.0.0.1:" + first + " cookie=null");
    assertThat(structured(r))
        .containsEntry(
            "redirectNotFollowed",
            "redirect to http://127.0.0.1:"
                + second
                + "/next not followed: follow_redirects is false");
  }

  @Test
  void aNameGoesToTheAddressTheGatewayResolvedAndCarriesItsHostHeader() throws IOException {
    int port = server(exchange -> exchange.sendResponseHeaders(204, -1));
    List<String> lookups = new CopyOnWriteArrayList<>();
    CaptureScope.Resolver resolver =
        name -> {
          lookups.add(name);
          if (!name.equals("app.test")) {
            throw new UnknownHostException(name);
          }
          return new InetAddress[] {InetAddress.getByAddress(name, new byte[] {127, 0, 0, 1})};
        };
    EffectivePolicy policy =
        TestPolicies.builder().hosts("app.test:" + port, "127.0.0.1:" + port).build();
    // proven before anything runs: curl is given the address, so the sandbox never looks the name
    // up
    assertThat(
            new HttpCheckTool(resolver)
                .plan(args("url", "http://app.test:" + port + "/ready"), policy)
                .argv())
        .containsSubsequence("--resolve", "app.test:" + port + ":127.0.0.1");

    CallToolResult r = call(policy, resolver, args("url", "http://app.test:" + port + "/ready"));

    assertThat(r.isError()).as(text(r)).isFalse();
    assertThat(seen)
        .containsExactly("HEAD " + port + "/ready host=app.test:" + port + " cookie=null");
    assertThat(structured(r)).containsEntry("status", 204).containsEntry("address", "127.0.0.1");
    assertThat(lookups).containsExactly("app.test", "app.test");
  }

  @Test
  void aLargeBodyOfUnknownLengthIsCutAtMaxBytesAndTheReportSurvives() throws IOException {
    byte[] chunk = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    int port =
        server(
            exchange -> {
              exchange.sendResponseHeaders(200, 0);
              try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 30; i++) {
                  out.write(chunk);
                }
              }
            });
    EffectivePolicy policy =
        TestPolicies.builder().hosts("127.0.0.1").maxOutputBytes(64 * 1024).build();

    CallToolResult r =
        call(
            policy,
            TestPolicies.NO_LOOKUPS,
            args("url", "http://127.0.0.1:" + port + "/big", "method", "GET", "max_bytes", 25));

    assertThat(r.isError()).as(text(r)).isFalse();
    Map<String, Object> s = structured(r);
    assertThat(s)
        .containsEntry("status", 200)
        .containsEntry("body", "0123456789012345678901234")
        .containsEntry("bodyBytes", 300_000)
        .containsEntry("bodyTruncated", true)
        .containsEntry("truncated", false);
    assertThat(text(r))
        .contains(
            "body: 300000 bytes, the first 25 shown (max_bytes)", "Transfer-encoding: chunked");
  }

  @Test
  void anIpv6LiteralIsReachedInBrackets() throws IOException {
    HttpServer v6 = HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), 0), 0);
    v6.createContext(
        "/",
        exchange -> {
          seen.add(
              exchange.getRequestMethod()
                  + " host="
                  + exchange.getRequestHeaders().getFirst("Host"));
          try (exchange) {
            exchange.sendResponseHeaders(204, -1);
          }
        });
    v6.start();
    servers.add(v6);
    int port = v6.getAddress().getPort();
    CallToolResult r =
        call(
            TestPolicies.builder().hosts("[::1]:" + port).build(),
            TestPolicies.NO_LOOKUPS,
            args("url", "http://[0:0:0:0:0:0:0:1]:" + port + "/"));
    assertThat(r.isError()).as(text(r)).isFalse();
    assertThat(structured(r))
        .containsEntry("status", 204)
        .containsEntry("address", "::1")
        .containsEntry("url", "http://[::1]:" + port + "/");
    assertThat(seen).containsExactly("HEAD host=[::1]:" + port);
  }

  @Test
  void aPeerThatDoesNotSpeakHttpIsAnAnswer() throws Exception {
    try (ServerSocketChannel ssh = ServerSocketChannel.open()) {
      ssh.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) ssh.getLocalAddress()).getPort();
      Thread banner =
          new Thread(
              () -> {
                try (var peer = ssh.accept()) {
                  peer.write(
                      java.nio.ByteBuffer.wrap(
                          "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII)));
                  peer.read(java.nio.ByteBuffer.allocate(4096));
                } catch (IOException e) {
                  // the check has closed its side
                }
              });
      banner.start();
      CallToolResult r =
          call(
              TestPolicies.builder().hosts("127.0.0.1").build(),
              TestPolicies.NO_LOOKUPS,
              args("url", "http://127.0.0.1:" + port + "/", "timeout", 3));
      banner.join(5000);
      assertThat(r.isError()).as(text(r)).isFalse();
      assertThat(structured(r)).containsEntry("status", 0).containsEntry("exitCode", 1);
      assertThat(text(r)).contains("no HTTP response: (1) Received HTTP/0.9 when not allowed");
    }
  }

  @Test
  void noListenerIsAnAnswerNotAnError() throws IOException {
    int closed;
    try (ServerSocketChannel c = ServerSocketChannel.open()) {
      c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      closed = ((InetSocketAddress) c.getLocalAddress()).getPort();
    }
    CallToolResult r =
        call(
            TestPolicies.builder().hosts("127.0.0.1").build(),
            TestPolicies.NO_LOOKUPS,
            args("url", "http://127.0.0.1:" + closed + "/", "timeout", 2));
    assertThat(r.isError()).as(text(r)).isFalse();
    assertThat(structured(r)).containsEntry("status", 0).containsEntry("exitCode", 7);
    assertThat(text(r))
        .contains("no HTTP response: (7) Failed to connect to 127.0.0.1 port " + closed);
  }
}
