package io.itmcp.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.ReloadablePolicy;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ModernClients;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.SubscriptionEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reloaded policy reaches the clients of a running stdio gateway: legacy sessions get {@code
 * notifications/tools/list_changed} and a tools/list of the new policy, a call of a tool the edit
 * disabled is refused; modern clients hear it on {@code subscriptions/listen}.
 */
class StdioPolicyReloadTest {

  /** Far longer than the tests wait for the gateway to end: that it ends is no drain timeout. */
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);

  private final ReloadablePolicy live = new ReloadablePolicy(TestPolicies.defaultPolicy());
  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private final MemoryAuditSink audit = new MemoryAuditSink();
  private final SessionRegistry sessions =
      new SessionRegistry(runtime, live.current(), live, System::nanoTime);
  private PipedOutputStream toServer;
  private PipedInputStream fromServer;
  private Thread server;

  @BeforeEach
  void start() throws Exception {
    toServer = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
    fromServer = new PipedInputStream(1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream(fromServer);
    InFlightCalls inFlight = new InFlightCalls();
    ToolCallHandler handler =
        new ToolCallHandler(
            sessions, audit, inFlight, new Identity("localuser", List.of()), Clock.systemUTC());
    McpServerFactory factory = new McpServerFactory(live::current, FakeTools.catalog(), handler);
    server =
        new Thread(
            () -> {
              try {
                StdioGateway.serve(
                    factory, inFlight, serverIn, serverOut, DRAIN_LIMIT, live::listen);
              } catch (InterruptedException ignored) {
                // test over
              }
            },
            "stdio-gateway");
    server.setDaemon(true);
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    toServer.close();
    server.join(10_000);
    sessions.close();
  }

  @Test
  void legacySessionsAreToldAndSeeTheNewTools() throws Exception {
    List<JsonNode> received = readLines();
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    JsonNode init = awaitLine(received, m -> m.path("id").asInt() == 1);
    assertThat(init.at("/result/capabilities/tools/listChanged").asBoolean()).isTrue();
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

    live.replace(TestPolicies.policy(EnumSet.of(ToolName.CAT), TestPolicies.limits(3, 600)));

    awaitLine(received, m -> "notifications/tools/list_changed".equals(m.path("method").asText()));
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    JsonNode tools = awaitLine(received, m -> m.path("id").asInt() == 2).at("/result/tools");
    assertThat(tools).extracting(t -> t.get("name").asText()).containsExactly("cat_tool");
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\",\"arguments\":"
            + "{\"target\":\"127.0.0.1\"}}}");
    JsonNode refused = awaitLine(received, m -> m.path("id").asInt() == 3);
    assertThat(refused.at("/result/content/0/text").asText()).contains("ping_tool is not enabled");
    assertThat(runtime.executed).isEmpty();

    live.replace(
        TestPolicies.policy(EnumSet.of(ToolName.CAT, ToolName.PING), TestPolicies.limits(3, 600)));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                received.stream()
                        .filter(
                            m ->
                                "notifications/tools/list_changed"
                                    .equals(m.path("method").asText()))
                        .count()
                    == 2);
  }

  @Test
  void modernListenersHearThatTheToolsChanged() throws Exception {
    McpSyncClient client = ModernClients.stdio(fromServer, toServer);
    BlockingQueue<SubscriptionEvent> events = new LinkedBlockingQueue<>();
    try (McpSyncClient.Listening ignored = client.listen().toolsChanged().open(events::add)) {
      assertThat(events.poll(20, TimeUnit.SECONDS))
          .isInstanceOf(SubscriptionEvent.Subscribed.class);

      live.replace(TestPolicies.policy(EnumSet.of(ToolName.CAT), TestPolicies.limits(3, 600)));

      assertThat(events.poll(20, TimeUnit.SECONDS))
          .isInstanceOf(SubscriptionEvent.ToolsListChanged.class);
      assertThat(client.tools().list().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactly("cat_tool");
    }

    // the listen stream is owed nothing when the client leaves: no wait for the drain limit
    toServer.close();
    server.join(Duration.ofSeconds(20).toMillis());
    assertThat(server.isAlive()).as("the gateway has returned from serve").isFalse();
  }

  private void send(String json) throws Exception {
    toServer.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    toServer.flush();
  }

  private List<JsonNode> readLines() {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  received.add(PipedStdio.JSON.readTree(line));
                }
              } catch (Exception ignored) {
                // pipe closed
              }
            });
    reader.setDaemon(true);
    reader.start();
    return received;
  }

  private static JsonNode awaitLine(List<JsonNode> received, Predicate<JsonNode> wanted) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> received.stream().filter(wanted).findFirst().orElse(null),
            java.util.Objects::nonNull);
  }
}
