package io.itmcp.gateway.http;

import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.auth.OAuthResource;
import io.itmcp.gateway.auth.PolicyAuthorizer;
import io.itmcp.gateway.server.ProtocolAudit;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Every MCP request needs {@code Authorization: Bearer <token>} that the {@link Authenticator}
 * accepts (401 otherwise), from an identity the {@link PolicyAuthorizer} lets use the policy (403
 * otherwise). A backend that cannot decide gets 503: never let through. With an OAuth authenticator
 * ({@link OAuthResource}) every 401 names the Protected Resource Metadata ({@code
 * resource_metadata}, RFC 9728) and a token without a required scope gets 403 {@code
 * insufficient_scope} (RFC 6750).
 */
public final class BearerAuthFilter implements Filter {

  public static final String IDENTITY_ATTRIBUTE = "io.itmcp.identity";
  private static final String PREFIX = "Bearer ";
  private final Authenticator authenticator;
  private final PolicyAuthorizer authorizer;
  private final String policyName;
  private final String tokenHint;
  private ProtocolAudit protocolAudit;

  public BearerAuthFilter(
      Authenticator authenticator, PolicyAuthorizer authorizer, String policyName) {
    this(authenticator, authorizer, policyName, "tokens are configured with --tokens");
  }

  /**
   * @param tokenHint how a caller gets a token, the end of a 401 for a request without one
   */
  public BearerAuthFilter(
      Authenticator authenticator,
      PolicyAuthorizer authorizer,
      String policyName,
      String tokenHint) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.policyName = policyName;
    this.tokenHint = tokenHint;
  }

  /** Audits a forbidden attempt to open a session (a POST without a session id: an initialize). */
  public BearerAuthFilter auditingRefusedOpenings(ProtocolAudit audit) {
    this.protocolAudit = audit;
    return this;
  }

  /** The token of an {@code Authorization: Bearer} header; empty for anything else. */
  static Optional<String> bearerToken(String header) {
    if (header == null
        || header.length() <= PREFIX.length()
        || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return Optional.empty();
    }
    String token = header.substring(PREFIX.length()).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String header = request.getHeader("Authorization");
    Optional<Identity> identity;
    try {
      identity = bearerToken(header).flatMap(authenticator::authenticate);
      if (identity.isPresent() && !authorizer.mayUse(identity.get(), policyName)) {
        String refusal = "forbidden: " + authorizer.refusalMessage(identity.get(), policyName);
        if (protocolAudit != null
            && "POST".equals(request.getMethod())
            && request.getHeader(McpSessionFilter.SESSION_HEADER) == null) {
          protocolAudit.initializeRefused(identity.get(), refusal);
        }
        HttpErrors.send(response, HttpServletResponse.SC_FORBIDDEN, refusal);
        return;
      }
    } catch (Authenticator.InsufficientScopeException e) {
      String needed = String.join(" ", e.requiredScopes());
      response.setHeader(
          "WWW-Authenticate",
          "Bearer error=\"insufficient_scope\", scope=\""
              + needed
              + "\""
              + resourceMetadata(request));
      HttpErrors.send(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "forbidden: "
              + e.getMessage()
              + " (ask the authorization server for a token with scope "
              + needed
              + ")");
      return;
    } catch (Authenticator.AuthUnavailableException e) {
      response.setHeader("Retry-After", "5");
      HttpErrors.send(
          response,
          HttpServletResponse.SC_SERVICE_UNAVAILABLE,
          "authentication is unavailable, request refused: " + e.getMessage());
      return;
    }
    if (identity.isEmpty()) {
      boolean presented = header != null && !header.isBlank();
      response.setHeader(
          "WWW-Authenticate",
          presented
              ? "Bearer realm=\"itmcp\", error=\"invalid_token\"" + resourceMetadata(request)
              : "Bearer realm=\"itmcp\"" + resourceMetadata(request));
      HttpErrors.send(
          response,
          HttpServletResponse.SC_UNAUTHORIZED,
          presented
              ? "unauthorized: the bearer token is not valid for this gateway"
              : "unauthorized: send Authorization: Bearer <token> (" + tokenHint + ")");
      return;
    }
    request.setAttribute(IDENTITY_ATTRIBUTE, identity.get());
    chain.doFilter(req, res);
  }

  private String resourceMetadata(HttpServletRequest request) {
    return authenticator instanceof OAuthResource resource
        ? ", resource_metadata=\"" + ProtectedResourceMetadata.metadataUrl(resource, request) + "\""
        : "";
  }
}
