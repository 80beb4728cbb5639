package io.itmcp.gateway.http;

import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.auth.Authenticator.AuthUnavailableException;
import io.itmcp.gateway.auth.Identity;
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
 * Every MCP request needs {@code Authorization: Bearer <token>}; the identity goes on the request.
 * An authenticator that cannot decide (TokenReview unreachable) refuses with 503: fail closed.
 */
public final class BearerAuthFilter implements Filter {

  public static final String IDENTITY_ATTRIBUTE = "io.itmcp.identity";
  private static final String PREFIX = "Bearer ";
  private final Authenticator authenticator;
  private final String howToGetAToken;

  /**
   * @param howToGetAToken the end of the 401 text for a request without a token, e.g. "tokens are
   *     configured with --tokens"
   */
  public BearerAuthFilter(Authenticator authenticator, String howToGetAToken) {
    this.authenticator = authenticator;
    this.howToGetAToken = howToGetAToken;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String header = request.getHeader("Authorization");
    String token = bearerToken(header);
    Optional<Identity> identity;
    try {
      identity = token == null ? Optional.empty() : authenticator.authenticate(token);
    } catch (AuthUnavailableException e) {
      HttpErrors.send(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "unavailable: " + e.getMessage());
      return;
    }
    if (identity.isEmpty()) {
      boolean presented = header != null && !header.isBlank();
      response.setHeader("WWW-Authenticate", presented
          ? "Bearer realm=\"itmcp\", error=\"invalid_token\""
          : "Bearer realm=\"itmcp\"");
      HttpErrors.send(response, HttpServletResponse.SC_UNAUTHORIZED, presented
          ? "unauthorized: the bearer token is not valid for this gateway"
          : "unauthorized: send Authorization: Bearer <token> (" + howToGetAToken + ")");
      return;
    }
    request.setAttribute(IDENTITY_ATTRIBUTE, identity.get());
    chain.doFilter(req, res);
  }

  private static String bearerToken(String header) {
    if (header == null || header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    String token = header.substring(PREFIX.length()).trim();
    return token.isEmpty() ? null : token;
  }
}
