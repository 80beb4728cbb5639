package io.itmcp.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.transport.StdioGateway;
import io.itmcp.policy.EffectivePolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The gateway's stdio transport in-process, as a desktop client runs it: {@link FakeTools}'
 * catalog, calls by the local user, JSON-RPC lines written to its stdin and every line it writes on
 * stdout read into {@link #fromServer}.
 */
public final class StdioGatewayFixture implements AutoCloseable {
  /** Who calls over stdio: the user the process runs as. */
  public static final Identity LOCAL_USER = new Identity("localuser", List.of());

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every line the gateway wrote, in order, as JSON. */
  public final BlockingQueue<JsonNode> fromServer = new LinkedBlockingQueue<>();

  private final SessionRegistry sessions;
  private final OutputStream toServer;
  private final Thread server;

  /**
   * The server factory the stdio transport serves: {@link FakeTools}' catalog, calls by {@link
   * #LOCAL_USER}.
   */
  public static McpServerFactory factory(
      EffectivePolicy policy, SessionRegistry sessions, AuditSink audit, InFlightCalls inFlight) {
    ToolCallHandler handler =
        new ToolCallHandler(sessions, audit, inFlight, LOCAL_USER, Clock.systemUTC());
    return new McpServerFactory(policy, FakeTools.catalog(), handler);
  }

  /**
   * Serves on pipes until {@link #close}: the client's stdin stays open, as an interactive client's
   * does.
   */
  public static StdioGatewayFixture start(
      EffectivePolicy policy, SandboxRuntime runtime, AuditSink audit) throws IOException {
    return new StdioGatewayFixture(policy, runtime, audit);
  }

  private StdioGatewayFixture(EffectivePolicy policy, SandboxRuntime runtime, AuditSink audit)
      throws IOException {
    PipedOutputStream clientOut = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 16);
    PipedInputStream clientIn = new PipedInputStream(1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    toServer = clientOut;
    sessions = new SessionRegistry(runtime, policy);
    InFlightCalls inFlight = new InFlightCalls();
    McpServerFactory factory = factory(policy, sessions, audit, inFlight);
    server =
        new Thread(
            () -> {
              try {
                StdioGateway.serve(factory, inFlight, serverIn, serverOut);
              } catch (InterruptedException ignored) {
                // test over
              }
            });
    server.setDaemon(true);
    server.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  fromServer.add(JSON.readTree(line));
                }
              } catch (Exception ignored) {
                // pipe closed
              }
            });
    reader.setDaemon(true);
    reader.start();
  }

  /** One line on the gateway's stdin. */
  public void send(String json) throws IOException {
    toServer.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    toServer.flush();
  }

  /** The next line the gateway writes, whatever it is (20 s at most). */
  public JsonNode next() throws InterruptedException {
    JsonNode m = fromServer.poll(20, TimeUnit.SECONDS);
    assertThat(m).as("an answer").isNotNull();
    return m;
  }

  /** The first line that is what the test waits for, passing over the others (20 s at most). */
  public JsonNode next(Predicate<JsonNode> wanted, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < end) {
      JsonNode m = fromServer.poll(100, TimeUnit.MILLISECONDS);
      if (m != null && wanted.test(m)) {
        return m;
      }
    }
    throw new AssertionError("no " + what);
  }

  /**
   * The answer to the request with that id (not a request of the gateway's that carries an id too).
   */
  public JsonNode response(String id) throws InterruptedException {
    return next(
        m -> m.has("id") && m.get("id").asText().equals(id) && !m.has("method"),
        "response to " + id);
  }

  /**
   * The legacy handshake: initialize in that protocol version with those client capabilities, then
   * initialized.
   */
  public void initialize(String protocolVersion, String capabilities)
      throws IOException, InterruptedException {
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
            + protocolVersion
            + "\",\"capabilities\":"
            + capabilities
            + ",\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertThat(response("init").at("/result/serverInfo/name").asText()).isEqualTo("itmcp-gateway");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  /** Ends stdin, waits for the gateway to finish, closes its sandboxes. */
  @Override
  public void close() throws IOException, InterruptedException {
    toServer.close();
    server.join(5000);
    sessions.close();
  }
}
