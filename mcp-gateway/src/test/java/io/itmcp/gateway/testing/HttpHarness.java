package io.itmcp.gateway.testing;

import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.auth.BearerTokenAuthenticator;
import io.itmcp.gateway.auth.TokenEntry;
import io.itmcp.gateway.http.HttpGateway;
import io.itmcp.gateway.http.HttpGatewayConfig;
import io.itmcp.gateway.http.HttpLimits;
import io.itmcp.gateway.observe.Observability;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.LegacySessionBounds;
import io.itmcp.gateway.session.SessionPolicies;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** An in-process HTTP gateway on a free loopback port with two users, alice and bob. */
public final class HttpHarness implements AutoCloseable {

  public static final String ALICE_TOKEN = "alice-token-0123456789";
  public static final String BOB_TOKEN = "bob-token-9876543210";

  public final SessionRegistry sessions;
  public final MemoryAuditSink audit;
  public final HttpGateway gateway;
  public final InFlightCalls inFlight = new InFlightCalls();

  public HttpHarness(
      EffectivePolicy policy,
      List<ToolDefinition> catalog,
      SandboxRuntime runtime,
      AuditSink next,
      int maxBodyBytes)
      throws Exception {
    this(
        policy,
        catalog,
        runtime,
        next,
        maxBodyBytes,
        HttpLimits.defaults(),
        LegacySessionBounds.defaults());
  }

  public HttpHarness(
      EffectivePolicy policy,
      List<ToolDefinition> catalog,
      SandboxRuntime runtime,
      AuditSink next,
      int maxBodyBytes,
      HttpLimits limits)
      throws Exception {
    this(policy, catalog, runtime, next, maxBodyBytes, limits, LegacySessionBounds.defaults());
  }

  public HttpHarness(
      EffectivePolicy policy,
      List<ToolDefinition> catalog,
      SandboxRuntime runtime,
      AuditSink next,
      int maxBodyBytes,
      LegacySessionBounds bounds)
      throws Exception {
    this(policy, catalog, runtime, next, maxBodyBytes, HttpLimits.defaults(), bounds);
  }

  public HttpHarness(
      EffectivePolicy policy,
      List<ToolDefinition> catalog,
      SandboxRuntime runtime,
      AuditSink next,
      int maxBodyBytes,
      HttpLimits limits,
      LegacySessionBounds bounds)
      throws Exception {
    this(policy, catalog, runtime, next, maxBodyBytes, limits, bounds, Observability.gatewayOnly());
  }

  /** As above, measured and traced with {@code observability}. */
  public HttpHarness(
      EffectivePolicy policy,
      List<ToolDefinition> catalog,
      SandboxRuntime runtime,
      AuditSink next,
      int maxBodyBytes,
      HttpLimits limits,
      LegacySessionBounds bounds,
      Observability observability)
      throws Exception {
    this(
        policy,
        catalog,
        runtime,
        next,
        maxBodyBytes,
        limits,
        bounds,
        observability,
        Clock.systemUTC());
  }

  /** A local gateway whose policy file is reloaded: {@code live} is replaced while it runs. */
  public HttpHarness(
      io.itmcp.gateway.session.ReloadablePolicy live,
      List<ToolDefinition> catalog,
      SandboxRuntime runtime)
      throws Exception {
    this(
        live.current(),
        live,
        catalog,
        runtime,
        null,
        64 * 1024,
        HttpLimits.defaults(),
        LegacySessionBounds.defaults(),
        Observability.gatewayOnly(),
        Clock.systemUTC(),
        null);
  }

  /** Default limits, the handler reading {@code clock} (approval deadlines, audit times). */
  public HttpHarness(
      EffectivePolicy policy, List<ToolDefinition> catalog, SandboxRuntime runtime, Clock clock)
      throws Exception {
    this(
        policy,
        catalog,
        runtime,
        null,
        1 << 20,
        HttpLimits.defaults(),
        LegacySessionBounds.defaults(),
        Observability.gatewayOnly(),
        clock);
  }

  /**
   * Default limits; modern request state sealed with {@code requestStateKey}, as replicas sharing
   * it do.
   */
  public HttpHarness(
      EffectivePolicy policy,
      List<ToolDefinition> catalog,
      SandboxRuntime runtime,
      Clock clock,
      byte[] requestStateKey)
      throws Exception {
    this(
        policy,
        catalog,
        runtime,
        null,
        1 << 20,
        HttpLimits.defaults(),
        LegacySessionBounds.defaults(),
        Observability.gatewayOnly(),
        clock,
        requestStateKey);
  }

  public HttpHarness(
      EffectivePolicy policy,
      List<ToolDefinition> catalog,
      SandboxRuntime runtime,
      AuditSink next,
      int maxBodyBytes,
      HttpLimits limits,
      LegacySessionBounds bounds,
      Observability observability,
      Clock clock)
      throws Exception {
    this(policy, catalog, runtime, next, maxBodyBytes, limits, bounds, observability, clock, null);
  }

  public HttpHarness(
      EffectivePolicy policy,
      List<ToolDefinition> catalog,
      SandboxRuntime runtime,
      AuditSink next,
      int maxBodyBytes,
      HttpLimits limits,
      LegacySessionBounds bounds,
      Observability observability,
      Clock clock,
      byte[] requestStateKey)
      throws Exception {
    this(
        policy,
        SessionPolicies.fixed(policy),
        catalog,
        runtime,
        next,
        maxBodyBytes,
        limits,
        bounds,
        observability,
        clock,
        requestStateKey);
  }

  private HttpHarness(
      EffectivePolicy policy,
      SessionPolicies policies,
      List<ToolDefinition> catalog,
      SandboxRuntime runtime,
      AuditSink next,
      int maxBodyBytes,
      HttpLimits limits,
      LegacySessionBounds bounds,
      Observability observability,
      Clock clock,
      byte[] requestStateKey)
      throws Exception {
    this.sessions = new SessionRegistry(runtime, policy, policies, System::nanoTime, bounds);
    this.audit = new MemoryAuditSink(next);
    ToolCallHandler handler =
        new ToolCallHandler(sessions, audit, inFlight, null, clock).observedBy(observability);
    McpServerFactory factory =
        new McpServerFactory(() -> sessions.livePolicy(), catalog, handler)
            .withRequestStateKey(requestStateKey);
    BearerTokenAuthenticator auth =
        new BearerTokenAuthenticator(
            List.of(
                new TokenEntry(
                    "alice", List.of("netops"), BearerTokenAuthenticator.sha256(ALICE_TOKEN)),
                new TokenEntry("bob", List.of(), BearerTokenAuthenticator.sha256(BOB_TOKEN))));
    this.gateway =
        HttpGateway.start(
            new HttpGatewayConfig("127.0.0.1", 0, List.of(), List.of(), maxBodyBytes, limits),
            factory,
            sessions,
            inFlight,
            auth);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + gateway.port();
  }

  public McpSyncClient client(String token) {
    return client(token, spec -> {});
  }

  public McpSyncClient client(String token, Consumer<McpClient.SyncSpec> customize) {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(baseUrl())
            .endpoint("/mcp")
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
            .build();
    McpClient.SyncSpec spec =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(30))
            .clientInfo(new McpSchema.Implementation("itmcp-test", "1"));
    customize.accept(spec);
    return spec.build();
  }

  @Override
  public void close() {
    gateway.close();
    sessions.close();
  }
}
