package io.itmcp.gateway.http;

import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.auth.OAuthResource;
import io.itmcp.gateway.auth.PolicyAuthorizer;
import io.itmcp.gateway.modern.ModernMcpServers;
import io.itmcp.gateway.observe.Observability;
import io.itmcp.gateway.server.GatewayContext;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolListChange;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * The MCP server over Streamable HTTP at {@code /mcp} on embedded Tomcat, with {@code /healthz} and
 * {@code /metrics} (Prometheus): both eras on the same endpoint, legacy (initialize, sessions) and
 * modern (2026-07-28, stateless), each request handed to the server of its era ({@link
 * EraRouting}). Filters on {@code /mcp}, in order: the trace context, Host/Origin (DNS rebinding),
 * bearer token, requests in progress per token, the asynchronous body read (cap and deadline), then
 * the session filter (session-to-identity binding, limits, cancellation) and the transport's
 * response (safe error bodies, unique SSE event ids). Refused requests close their connection
 * unread ({@link UnreadBodyValve}); connections per client address are capped on accept ({@link
 * AddressCappedEndpoint}); error pages are JSON-RPC errors ({@link JsonErrorReportValve}). In the
 * cluster runtime ({@link #startPerPolicy}) {@code /mcp/{policy}} is served too, a policy access
 * filter (the policy of the path, SubjectAccessReview {@code use}, session-to-policy binding) runs
 * before the session filter, and each policy has its own MCP server ({@link PerPolicyMcpServlet}).
 */
public final class HttpGateway implements AutoCloseable {

  private static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";
  private static final java.time.Duration MODERN_KEEP_ALIVE = java.time.Duration.ofSeconds(5);
  private static final String CLUSTER_TOKEN_HINT =
      "a token the cluster trusts, e.g. kubectl create token <serviceaccount>,"
          + " or one of the gateway's --tokens file";

  private final Tomcat tomcat;
  private final Runnable closeServers;
  private final Connector connector;
  private final Path baseDir;

  private HttpGateway(Tomcat tomcat, Runnable closeServers, Connector connector, Path baseDir) {
    this.tomcat = tomcat;
    this.closeServers = closeServers;
    this.connector = connector;
    this.baseDir = baseDir;
  }

  public static HttpGateway start(
      HttpGatewayConfig config,
      McpServerFactory factory,
      SessionRegistry sessions,
      InFlightCalls inFlight,
      Authenticator authenticator)
      throws IOException, LifecycleException {
    return start(config, factory, sessions, inFlight, authenticator, PolicyAuthorizer.ALLOW_ALL);
  }

  /** As above, with per-policy access control (Kubernetes SubjectAccessReview, verb use). */
  public static HttpGateway start(
      HttpGatewayConfig config,
      McpServerFactory factory,
      SessionRegistry sessions,
      InFlightCalls inFlight,
      Authenticator authenticator,
      PolicyAuthorizer authorizer)
      throws IOException, LifecycleException {
    return start(config, factory, sessions, inFlight, authenticator, authorizer, false);
  }

  /**
   * The cluster runtime's gateway: {@code /mcp} (the default policy) and {@code /mcp/{policy}}, the
   * policy of each request looked up (from the watch, live while it is not connected) and its use
   * checked on every request ({@link PolicyAccessFilter}).
   */
  public static HttpGateway startPerPolicy(
      HttpGatewayConfig config,
      McpServerFactory factory,
      SessionRegistry sessions,
      InFlightCalls inFlight,
      Authenticator authenticator,
      PolicyAuthorizer authorizer)
      throws IOException, LifecycleException {
    return start(config, factory, sessions, inFlight, authenticator, authorizer, true);
  }

  private static HttpGateway start(
      HttpGatewayConfig config,
      McpServerFactory factory,
      SessionRegistry sessions,
      InFlightCalls inFlight,
      Authenticator authenticator,
      PolicyAuthorizer authorizer,
      boolean perPolicy)
      throws IOException, LifecycleException {
    Observability observed = factory.observability();
    observed.metrics().watchSessions(sessions::liveSessions, () -> sessions.sandboxes().held());
    Supplier<HttpServletStreamableServerTransportProvider> transports =
        () -> transport(config, sessions, perPolicy);
    Function<McpServer, HttpServletMcpTransport> modernTransports =
        server -> modernTransport(server, config, sessions, perPolicy);
    HttpServlet mcpServlet;
    Runnable closeServers;
    if (perPolicy) {
      PerPolicyMcpServlet perPolicyServlet =
          new PerPolicyMcpServlet(
              sessions.policies(), factory, transports, modernTransports, inFlight);
      mcpServlet = perPolicyServlet;
      closeServers = perPolicyServlet::destroy;
    } else {
      HttpServletStreamableServerTransportProvider transport = transports.get();
      // a reloaded policy file changes the tools: both eras' clients are told
      McpSyncServer server = factory.httpWithListChanges(transport);
      ModernMcpServers.Listed listed = ModernMcpServers.withListChanges(factory, inFlight);
      HttpServletMcpTransport modern = modernTransports.apply(listed.server());
      AutoCloseable listening =
          sessions
              .policies()
              .listen(
                  reloaded -> {
                    ToolListChange.announce(server, factory.forPolicy(reloaded));
                    listed.toolsListChanged();
                  });
      mcpServlet = new EraRouting.Servlet(transport, modern);
      closeServers =
          () -> {
            try {
              listening.close();
            } catch (Exception ignored) {
              // shutting down anyway
            }
            modern.closeGracefully();
            server.closeGracefully();
          };
    }

    if (config.port() != 0) {
      Optional<ListenFailure> taken = ListenFailure.probe(config.host(), config.port());
      if (taken.isPresent()) {
        closeServers.run();
        throw taken.get();
      }
    }
    Path baseDir = Files.createTempDirectory("itmcp-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    HttpLimits limits = config.limits();
    Connector connector = connector(config);
    tomcat.setConnector(connector);
    tomcat.getHost().setAutoDeploy(false);
    ((StandardHost) tomcat.getHost())
        .setErrorReportValveClass(JsonErrorReportValve.class.getName());

    Context ctx = tomcat.addContext("", baseDir.toString());
    ctx.getPipeline().addValve(new UnreadBodyValve(limits.refusedBodyGrace()));
    Wrapper mcp = Tomcat.addServlet(ctx, "mcp", mcpServlet);
    mcp.setAsyncSupported(true);
    ctx.addServletMappingDecoded("/mcp", "mcp");
    if (perPolicy) {
      ctx.addServletMappingDecoded("/mcp/*", "mcp");
    }
    Tomcat.addServlet(ctx, "healthz", new HealthServlet());
    ctx.addServletMappingDecoded("/healthz", "healthz");
    if (authenticator instanceof OAuthResource resource) {
      Tomcat.addServlet(ctx, "protectedResource", new ProtectedResourceMetadata(resource));
      ctx.addServletMappingDecoded(ProtectedResourceMetadata.PATH, "protectedResource");
      ctx.addServletMappingDecoded(ProtectedResourceMetadata.PATH + "/*", "protectedResource");
    }
    Tomcat.addServlet(ctx, "metrics", new MetricsServlet(observed.metrics()));
    ctx.addServletMappingDecoded("/metrics", "metrics");

    addFilter(
        ctx,
        "traceContext",
        new TraceContextFilter(observed.tracing()),
        perPolicy,
        DispatcherType.REQUEST);

    // REQUEST: once per request as it arrives; ASYNC: again once its body is read
    // (RequestBodyFilter)
    addFilter(
        ctx,
        "hostOrigin",
        new HostOriginFilter(config.allowedHosts(), config::allowedOrigins),
        perPolicy,
        DispatcherType.REQUEST);
    // per policy, the use check needs the policy of the path: PolicyAccessFilter makes it
    addFilter(
        ctx,
        "bearerAuth",
        observedAccess(
            "itmcp.authenticate",
            perPolicy
                ? new BearerAuthFilter(
                    authenticator,
                    PolicyAuthorizer.ALLOW_ALL,
                    sessions.policy().name(),
                    CLUSTER_TOKEN_HINT)
                : new BearerAuthFilter(authenticator, authorizer, sessions.policy().name())
                    .auditingRefusedOpenings(factory.protocolAudit()),
            observed),
        perPolicy,
        DispatcherType.REQUEST);
    if (perPolicy) {
      addFilter(
          ctx,
          "policyAccess",
          observedAccess(
              "itmcp.authorize",
              new PolicyAccessFilter(sessions, authorizer, factory.protocolAudit()),
              observed),
          true,
          DispatcherType.REQUEST);
    }
    TokenConcurrencyFilter perToken = new TokenConcurrencyFilter(limits.maxRequestsPerToken());
    ctx.addServletContainerInitializer(
        (classes, servletContext) -> servletContext.addListener(perToken), null);
    addFilter(ctx, "requestsPerToken", perToken, perPolicy, DispatcherType.REQUEST);
    addFilter(
        ctx,
        "requestBody",
        new RequestBodyFilter(config.maxBodyBytes(), limits.requestReadTimeout()),
        perPolicy,
        DispatcherType.REQUEST);
    addFilter(
        ctx,
        "mcpSession",
        new McpSessionFilter(sessions, inFlight, factory.protocolAudit()),
        perPolicy,
        DispatcherType.REQUEST,
        DispatcherType.ASYNC);
    addFilter(
        ctx,
        "transportResponse",
        new TransportResponseFilter(),
        perPolicy,
        DispatcherType.REQUEST,
        DispatcherType.ASYNC);
    tomcat.start();
    if (connector.getState() != LifecycleState.STARTED) {
      closeQuietly(tomcat, closeServers, baseDir);
      throw ListenFailure.explain(config.host(), config.port());
    }
    return new HttpGateway(tomcat, closeServers, connector, baseDir);
  }

  /**
   * Tomcat's NIO connector, sized explicitly ({@link HttpLimits}): request bodies are read
   * asynchronously, so stalled clients hold connections (capped per address) but no threads.
   */
  private static Connector connector(HttpGatewayConfig config) {
    HttpLimits limits = config.limits();
    Http11NioProtocol protocol =
        new Http11NioProtocol(new AddressCappedEndpoint(limits.maxConnectionsPerAddress()));
    protocol.setMaxThreads(limits.maxThreads());
    protocol.setMinSpareThreads(Math.min(10, limits.maxThreads()));
    protocol.setMaxConnections(limits.maxConnections());
    protocol.setAcceptCount(limits.acceptCount());
    protocol.setConnectionTimeout((int) limits.connectionTimeout().toMillis());
    protocol.setKeepAliveTimeout((int) limits.keepAliveTimeout().toMillis());
    protocol.setMaxKeepAliveRequests(limits.maxKeepAliveRequests());
    protocol.setMaxSwallowSize(HttpLimits.MAX_SWALLOW_BYTES);
    Connector connector = new Connector(protocol);
    connector.setPort(config.port());
    connector.setProperty("address", config.host());
    connector.setXpoweredBy(false);
    return connector;
  }

  private static HttpServletStreamableServerTransportProvider transport(
      HttpGatewayConfig config, SessionRegistry sessions, boolean perPolicy) {
    return HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(McpJsonDefaults.getMapper())
        .mcpEndpoint("/mcp")
        .contextExtractor(
            request ->
                GatewayContext.of(
                    (Identity) request.getAttribute(BearerAuthFilter.IDENTITY_ATTRIBUTE),
                    perPolicy ? livePolicy(request, sessions) : null,
                    request.getHeader(PROTOCOL_VERSION_HEADER),
                    TraceContextFilter.of(request)))
        .maxRequestSize(config.maxBodyBytes())
        // the SDK drops its own state of sessions that saw no request for a sweep interval;
        // ours (sandbox, limits) ends on the policy's idle timeout, see SessionRegistry.reap
        .sessionSweepInterval(sessions.policy().limits().idleTimeout())
        .build();
  }

  /**
   * The modern (2026-07-28) endpoint: stateless, so the caller's identity (and policy) come with
   * every request from the filters in front. Host and Origin are checked there ({@link
   * HostOriginFilter}), the body is capped there too ({@link McpSessionFilter}).
   */
  private static HttpServletMcpTransport modernTransport(
      McpServer server, HttpGatewayConfig config, SessionRegistry sessions, boolean perPolicy) {
    return HttpServletMcpTransport.builder(server)
        .jsonMapper(McpJsonDefaults.getMapper())
        .endpoint("/mcp")
        .contextExtractor(
            request ->
                GatewayContext.of(
                    (Identity) request.getAttribute(BearerAuthFilter.IDENTITY_ATTRIBUTE),
                    perPolicy ? livePolicy(request, sessions) : null,
                    null,
                    TraceContextFilter.of(request)))
        .maxRequestSize(config.maxBodyBytes())
        .httpHeaderValidator(ServerHttpHeaderValidator.NOOP)
        // a tool call streams its result: a client that went away is noticed at the next frame,
        // and its call is cancelled (process tree killed) instead of running to its deadline
        .keepAliveInterval(MODERN_KEEP_ALIVE)
        .build();
  }

  /** The policy of a request, read when a handler or the tools/list filter first needs it. */
  private static Supplier<EffectivePolicy> livePolicy(
      HttpServletRequest request, SessionRegistry sessions) {
    if (request.getAttribute(PerPolicyMcpServlet.LIVE_POLICY_ATTRIBUTE)
        instanceof EffectivePolicy read) {
      return () -> read;
    }
    Object name = request.getAttribute(PolicyAccessFilter.POLICY_NAME_ATTRIBUTE);
    return name instanceof String n ? () -> sessions.policies().current(n) : null;
  }

  private static Filter observedAccess(String spanName, Filter access, Observability observed) {
    return new ObservedAccessFilter(spanName, access, observed.tracing(), observed.metrics());
  }

  private static void addFilter(
      Context ctx, String name, Filter filter, boolean perPolicy, DispatcherType... dispatchers) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    def.setAsyncSupported("true");
    ctx.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    for (DispatcherType dispatcher : dispatchers) {
      map.setDispatcher(dispatcher.name());
    }
    map.addURLPatternDecoded("/mcp");
    if (perPolicy) {
      map.addURLPatternDecoded("/mcp/*");
    }
    ctx.addFilterMap(map);
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Connections the listener holds open now. */
  public long openConnections() {
    return ((AbstractProtocol<?>) connector.getProtocolHandler()).getConnectionCount();
  }

  public void await() {
    tomcat.getServer().await();
  }

  @Override
  public void close() {
    closeQuietly(tomcat, closeServers, baseDir);
  }

  private static void closeQuietly(Tomcat tomcat, Runnable closeServers, Path baseDir) {
    try {
      closeServers.run();
    } catch (RuntimeException ignored) {
      // shutting down anyway
    }
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException ignored) {
      // shutting down anyway
    }
    try (var files = Files.walk(baseDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind
    }
  }
}
