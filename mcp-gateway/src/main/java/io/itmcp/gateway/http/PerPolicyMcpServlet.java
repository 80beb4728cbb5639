package io.itmcp.gateway.http;

import io.itmcp.gateway.modern.ModernMcpServers;
import io.itmcp.gateway.runtime.PolicyUnavailableException;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolListChange;
import io.itmcp.gateway.session.SessionPolicies;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster runtime's MCP endpoint: one MCP server per policy name, so that each policy's tool
 * descriptions tell the assistant what that policy allows (hosts, directories, commands). The
 * policy is read once per request (the handlers and the tools/list filter use that read); when it
 * has changed since its server's descriptions were written, they are rewritten and the server's
 * sessions are told that the tool list changed; so are the policy's modern {@code
 * subscriptions/listen} streams ({@code notifications/tools/list_changed}).
 */
final class PerPolicyMcpServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PerPolicyMcpServlet.class);

  /** The request's policy as read by this servlet (EffectivePolicy). */
  static final String LIVE_POLICY_ATTRIBUTE = "io.itmcp.policy-live";

  private final transient SessionPolicies policies;
  private final transient McpServerFactory factory;
  private final transient Supplier<HttpServletStreamableServerTransportProvider> transports;
  private final transient Function<McpServer, HttpServletMcpTransport> modernTransports;
  private final transient InFlightCalls inFlight;
  private final transient Map<String, PolicyServer> servers = new ConcurrentHashMap<>();

  /** One policy's servers: legacy (sessions) and modern (stateless, 2026-07-28). */
  private static final class PolicyServer {
    final HttpServletStreamableServerTransportProvider transport;
    final McpSyncServer server;
    final ModernMcpServers.Listed modern;
    final HttpServletMcpTransport modernTransport;
    EffectivePolicy describedFrom;

    PolicyServer(
        HttpServletStreamableServerTransportProvider transport,
        McpSyncServer server,
        ModernMcpServers.Listed modern,
        HttpServletMcpTransport modernTransport,
        EffectivePolicy describedFrom) {
      this.transport = transport;
      this.server = server;
      this.modern = modern;
      this.modernTransport = modernTransport;
      this.describedFrom = describedFrom;
    }
  }

  PerPolicyMcpServlet(
      SessionPolicies policies,
      McpServerFactory factory,
      Supplier<HttpServletStreamableServerTransportProvider> transports,
      Function<McpServer, HttpServletMcpTransport> modernTransports,
      InFlightCalls inFlight) {
    this.policies = policies;
    this.factory = factory;
    this.transports = transports;
    this.modernTransports = modernTransports;
    this.inFlight = inFlight;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    if (!(request.getAttribute(PolicyAccessFilter.POLICY_NAME_ATTRIBUTE) instanceof String name)) {
      HttpErrors.send(
          response, HttpServletResponse.SC_NOT_FOUND, "not found: no policy for this request");
      return;
    }
    EffectivePolicy live;
    try {
      // a request that opens a session had its policy read by PolicyAccessFilter a moment ago, in
      // this same request: that read is this request's live policy, no second round trip
      live =
          request.getAttribute(PolicyAccessFilter.POLICY_ATTRIBUTE) instanceof EffectivePolicy read
                  && read.name().equals(name)
              ? read
              : policies.current(name);
    } catch (PolicyUnavailableException e) {
      PolicyServer existing = servers.get(name);
      if ("DELETE".equals(request.getMethod()) && existing != null) {
        existing.transport.service(request, response); // ending a session needs no usable policy
        return;
      }
      HttpErrors.send(
          response,
          e.kind() == PolicyUnavailableException.Kind.UNREADABLE
              ? HttpServletResponse.SC_SERVICE_UNAVAILABLE
              : HttpServletResponse.SC_NOT_FOUND,
          "refused: " + e.getMessage());
      return;
    }
    request.setAttribute(LIVE_POLICY_ATTRIBUTE, live);
    PolicyServer server = servers.computeIfAbsent(name, n -> create(live));
    describe(server, live);
    if (EraRouting.isModern(request)) {
      EraRouting.serveModern(server.modernTransport, request, response);
    } else {
      server.transport.service(request, response);
    }
  }

  private PolicyServer create(EffectivePolicy policy) {
    HttpServletStreamableServerTransportProvider transport = transports.get();
    McpServerFactory described = factory.forPolicy(policy);
    McpSyncServer server = described.httpWithListChanges(transport);
    ModernMcpServers.Listed modern = ModernMcpServers.withListChanges(described, inFlight);
    LOG.info("MCP endpoint for policy {} started", policy.name());
    return new PolicyServer(
        transport, server, modern, modernTransports.apply(modern.server()), policy);
  }

  /**
   * Rewrites the tool descriptions when the policy changed (a compiled policy is reused while
   * unchanged).
   */
  private static void describe(
      PolicyServer server, EffectivePolicy live, McpServerFactory factory) {
    synchronized (server) {
      if (server.describedFrom == live) {
        return;
      }
      ToolListChange.announce(server.server, factory.forPolicy(live));
      server.describedFrom = live;
    }
    server.modern.toolsListChanged(); // modern clients hear it on subscriptions/listen
    LOG.info("policy {} changed: tool descriptions rewritten, clients notified", live.name());
  }

  private void describe(PolicyServer server, EffectivePolicy live) {
    describe(server, live, factory);
  }

  @Override
  public void destroy() {
    servers
        .values()
        .forEach(
            s -> {
              try {
                s.modernTransport.closeGracefully();
                s.server.closeGracefully();
              } catch (RuntimeException e) {
                // shutting down anyway
              }
            });
    servers.clear();
  }
}
