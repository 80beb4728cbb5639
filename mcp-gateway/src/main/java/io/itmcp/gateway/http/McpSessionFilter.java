package io.itmcp.gateway.http;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.server.CallProtocol;
import io.itmcp.gateway.server.EraSelector;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.JsonRpcInspector;
import io.itmcp.gateway.server.ProtocolAudit;
import io.itmcp.gateway.session.GatewaySession;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.policy.EffectivePolicy;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Between authentication and the MCP SDK: takes the body {@link RequestBodyFilter} read, binds each
 * MCP session id to the identity that created it (another identity, or an ended session, gets 404
 * as for an unknown session, as the spec prescribes, so a client re-initializes on whichever
 * replica it reaches), registers a session at initialize, ends our session state on DELETE (the
 * caller's sandbox lives on), and routes {@code notifications/cancelled} to the running call.
 * Decides each POST's era ({@link EraSelector}); a modern (2026-07-28) request has no session and
 * passes on as it came.
 */
public final class McpSessionFilter implements Filter {

  public static final String SESSION_HEADER = "Mcp-Session-Id";
  private final SessionRegistry sessions;
  private final InFlightCalls inFlight;
  private final ProtocolAudit protocolAudit;

  public McpSessionFilter(SessionRegistry sessions, InFlightCalls inFlight) {
    this(sessions, inFlight, null);
  }

  /** As above, auditing refused initializes and calls to unknown tools (null: not audited). */
  public McpSessionFilter(
      SessionRegistry sessions, InFlightCalls inFlight, ProtocolAudit protocolAudit) {
    this.sessions = sessions;
    this.inFlight = inFlight;
    this.protocolAudit = protocolAudit;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    Identity identity = (Identity) request.getAttribute(BearerAuthFilter.IDENTITY_ATTRIBUTE);
    if (identity == null) {
      HttpErrors.send(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized");
      return;
    }
    String sessionId = request.getHeader(SESSION_HEADER);
    String method = request.getMethod();

    if ("POST".equals(method)) {
      if (!(request.getAttribute(RequestBodyFilter.BODY_ATTRIBUTE) instanceof byte[] body)) {
        throw new IllegalStateException(
            "a POST reached the session filter before its body was read");
      }
      JsonRpcInspector.Inspected msg =
          JsonRpcInspector.inspect(new String(body, StandardCharsets.UTF_8));
      CallProtocol.Era era = EraSelector.select(msg, sessionId != null);
      request.setAttribute(EraRouting.ERA_ATTRIBUTE, era);
      if (era == CallProtocol.Era.MODERN) {
        // no session: each modern request is authenticated (above) and served on its own
        if (answeredUnknownTool(msg, null, identity, () -> requestPolicy(request), response)) {
          return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
        return;
      }
      if (msg.isInitialize()) {
        initialize(new BufferedBodyRequest(request, body), response, chain, identity);
        return;
      }
      Optional<GatewaySession> session =
          sessionId == null ? Optional.empty() : ownedSession(sessionId, identity, response);
      if (sessionId != null && session.isEmpty()) {
        return;
      }
      if (session.isPresent()
          && answeredUnknownTool(
              msg, sessionId, identity, () -> sessions.currentPolicy(session.get()), response)) {
        return;
      }
      if (msg.cancelledRequestIdKey() != null && sessionId != null) {
        inFlight.cancel(sessionId, msg.cancelledRequestIdKey());
      }
      byte[] forwarded = msg.text().getBytes(StandardCharsets.UTF_8);
      chain.doFilter(new BufferedBodyRequest(request, forwarded), response);
      return;
    }

    if (sessionId != null && ownedSession(sessionId, identity, response).isEmpty()) {
      return;
    }
    chain.doFilter(request, response);
    if ("DELETE".equals(method) && sessionId != null && response.getStatus() < 300) {
      sessions.end(sessionId, "deleted by the client");
    }
  }

  /**
   * A call of a tool the server lacks is audited and answered here, naming the tools the caller's
   * policy enables (the SDK would answer {@code Unknown tool: invalid_tool_name}).
   */
  private boolean answeredUnknownTool(
      JsonRpcInspector.Inspected msg,
      String sessionId,
      Identity identity,
      java.util.function.Supplier<EffectivePolicy> policy,
      HttpServletResponse response)
      throws IOException {
    if (protocolAudit == null) {
      return false;
    }
    Optional<String> answer = protocolAudit.answerUnknownTool(msg, sessionId, identity, policy);
    if (answer.isEmpty()) {
      return false;
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    byte[] bytes = answer.get().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    return true;
  }

  /**
   * The policy of a request that has no session: its endpoint's ({@code /mcp/{policy}}), else the
   * gateway's.
   */
  private EffectivePolicy requestPolicy(HttpServletRequest request) {
    return request.getAttribute(PolicyAccessFilter.POLICY_NAME_ATTRIBUTE) instanceof String name
        ? sessions.policies().current(name)
        : sessions.livePolicy();
  }

  private void initialize(
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain,
      Identity identity)
      throws IOException, ServletException {
    // never refused: a user's least recently used session is forgotten beyond the bound
    // (LegacySessionBounds)
    Object policy = request.getAttribute(PolicyAccessFilter.POLICY_ATTRIBUTE);
    SessionRegistry.Reservation reservation =
        policy instanceof EffectivePolicy p
            ? sessions.reserve(identity, p)
            : sessions.reserve(identity);
    SessionCapture capture = new SessionCapture(response, reservation);
    try {
      chain.doFilter(request, capture);
    } finally {
      if (!capture.bound) {
        reservation.release();
      }
    }
  }

  private Optional<GatewaySession> ownedSession(
      String sessionId, Identity identity, HttpServletResponse response) throws IOException {
    Optional<GatewaySession> session =
        sessions.find(sessionId).filter(s -> s.identity().user().equals(identity.user()));
    if (session.isEmpty()) {
      // the same answer for unknown, ended and someone else's: nothing to learn from probing ids
      HttpErrors.send(
          response,
          HttpServletResponse.SC_NOT_FOUND,
          "MCP session not found (it ended, expired, or was never opened by this user); send initialize to start one");
      return Optional.empty();
    }
    session.get().touch(sessions.now());
    return session;
  }

  /**
   * Binds the session id the SDK assigns, the moment it sets the header (before the body goes out).
   */
  private static final class SessionCapture extends HttpServletResponseWrapper {
    private final SessionRegistry.Reservation reservation;
    private boolean bound;

    SessionCapture(HttpServletResponse response, SessionRegistry.Reservation reservation) {
      super(response);
      this.reservation = reservation;
    }

    @Override
    public void setHeader(String name, String value) {
      capture(name, value);
      super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
      capture(name, value);
      super.addHeader(name, value);
    }

    private void capture(String name, String value) {
      if (!bound && SESSION_HEADER.equalsIgnoreCase(name) && value != null && !value.isBlank()) {
        reservation.bind(value);
        bound = true;
      }
    }
  }
}
