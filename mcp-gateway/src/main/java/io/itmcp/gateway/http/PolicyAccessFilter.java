package io.itmcp.gateway.http;

import io.itmcp.gateway.auth.Authenticator.AuthUnavailableException;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.auth.PolicyAuthorizer;
import io.itmcp.gateway.runtime.PolicyUnavailableException;
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
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster runtime, after authentication and before the session filter: which policy a request is
 * under ({@code /mcp/{policy}}, or the default for plain {@code /mcp}), and whether the identity
 * may use it (Kubernetes SubjectAccessReview, verb {@code use}) — checked on every request, so
 * nothing (no session, no ItmcpSession, no call) happens without it.
 *
 * <p>A session stays bound to the policy it was opened under: its id presented on another policy's
 * endpoint gets the same 404 as an unknown id. For a new session the policy is read now, so an
 * unknown or invalid policy is refused with a message instead of a session that cannot work. The
 * SDK serves one endpoint, so the request goes on with the path {@code /mcp}.
 */
public final class PolicyAccessFilter implements Filter {

  /** The policy name the request is under (String). */
  public static final String POLICY_NAME_ATTRIBUTE = "io.itmcp.policy-name";

  /** The policy as read for a request that opens a session (EffectivePolicy). */
  public static final String POLICY_ATTRIBUTE = "io.itmcp.policy";

  private static final String ENDPOINT = "/mcp";

  private static final Logger LOG = LoggerFactory.getLogger(PolicyAccessFilter.class);
  private final SessionRegistry sessions;
  private final PolicyAuthorizer authorizer;
  private final ProtocolAudit protocolAudit;

  public PolicyAccessFilter(SessionRegistry sessions, PolicyAuthorizer authorizer) {
    this(sessions, authorizer, null);
  }

  /**
   * As above, auditing a refused attempt to open a session (an initialize) when protocolAudit is
   * not null.
   */
  public PolicyAccessFilter(
      SessionRegistry sessions, PolicyAuthorizer authorizer, ProtocolAudit protocolAudit) {
    this.sessions = sessions;
    this.authorizer = authorizer;
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
    Optional<String> named =
        policyName(request.getRequestURI().substring(request.getContextPath().length()));
    if (named == null) {
      HttpErrors.send(
          response,
          HttpServletResponse.SC_NOT_FOUND,
          "not found: MCP is served at /mcp (the default policy) and /mcp/<policy>");
      return;
    }
    String name = named.orElse(sessions.policies().defaultName());
    if (name == null) {
      HttpErrors.send(
          response,
          HttpServletResponse.SC_NOT_FOUND,
          "no policy named: connect to /mcp/<policy> (this gateway has no default policy, --policy-name)");
      return;
    }
    String sessionId = request.getHeader(McpSessionFilter.SESSION_HEADER);
    if (sessionId != null) {
      Optional<GatewaySession> session = sessions.find(sessionId);
      if (session.isPresent() && !session.get().policyName().equals(name)) {
        HttpErrors.send(
            response,
            HttpServletResponse.SC_NOT_FOUND,
            "MCP session not found (it ended, expired, or was"
                + " never opened by this user at this endpoint); send initialize to start one");
        return;
      }
    }
    try {
      // ending one's own session (the session filter checks the owner) needs no grant: revoking
      // access must not keep a sandbox alive until it expires
      boolean endingASession = "DELETE".equals(request.getMethod()) && sessionId != null;
      if (!endingASession && !authorizer.mayUse(identity, name)) {
        LOG.info(
            "refused {} {} for user {}: no 'use' of policy {}",
            request.getMethod(),
            request.getRequestURI(),
            identity.user(),
            name);
        String refusal = "forbidden: " + authorizer.refusalMessage(identity, name);
        auditOpeningRefused(request, sessionId, identity, refusal);
        HttpErrors.send(response, HttpServletResponse.SC_FORBIDDEN, refusal);
        return;
      }
    } catch (AuthUnavailableException e) {
      HttpErrors.send(
          response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "unavailable: " + e.getMessage());
      return;
    }
    request.setAttribute(POLICY_NAME_ATTRIBUTE, name);
    if (sessionId == null && "POST".equals(request.getMethod())) {
      try {
        EffectivePolicy policy = sessions.policies().current(name);
        request.setAttribute(POLICY_ATTRIBUTE, policy);
      } catch (PolicyUnavailableException e) {
        int status =
            switch (e.kind()) {
              case NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
              case INVALID -> 422;
              case UNREADABLE -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            };
        auditOpeningRefused(request, sessionId, identity, "refused: " + e.getMessage());
        HttpErrors.send(response, status, "refused: " + e.getMessage());
        return;
      }
    }
    chain.doFilter(new AtEndpoint(request), response);
  }

  /** A POST without a session id opens a session: its refusal is a refused initialize. */
  private void auditOpeningRefused(
      HttpServletRequest request, String sessionId, Identity identity, String reason) {
    if (protocolAudit != null && sessionId == null && "POST".equals(request.getMethod())) {
      protocolAudit.initializeRefused(identity, reason);
    }
  }

  /** Empty for {@code /mcp}, the name for {@code /mcp/NAME}, null for any other path. */
  static Optional<String> policyName(String path) {
    if (path.equals(ENDPOINT) || path.equals(ENDPOINT + "/")) {
      return Optional.empty();
    }
    if (!path.startsWith(ENDPOINT + "/")) {
      return null;
    }
    String rest = path.substring(ENDPOINT.length() + 1);
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    return rest.isEmpty() || rest.contains("/") ? null : Optional.of(rest);
  }

  /** The SDK checks that the path ends with its one endpoint. */
  private static final class AtEndpoint extends HttpServletRequestWrapper {
    AtEndpoint(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getRequestURI() {
      return getContextPath() + ENDPOINT;
    }

    @Override
    public String getServletPath() {
      return ENDPOINT;
    }

    @Override
    public String getPathInfo() {
      return null;
    }

    @Override
    public StringBuffer getRequestURL() {
      StringBuffer url =
          new StringBuffer(getScheme())
              .append("://")
              .append(getServerName())
              .append(':')
              .append(getServerPort())
              .append(getRequestURI());
      return url;
    }
  }
}
