package io.itmcp.gateway.http;

import io.itmcp.gateway.auth.BearerTokenAuthenticator;
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

/** Every MCP request needs {@code Authorization: Bearer <token>}; the identity goes on the request. */
public final class BearerAuthFilter implements Filter {

  public static final String IDENTITY_ATTRIBUTE = "io.itmcp.identity";
  private final BearerTokenAuthenticator authenticator;

  public BearerAuthFilter(BearerTokenAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String header = request.getHeader("Authorization");
    Optional<Identity> identity = authenticator.authenticate(header);
    if (identity.isEmpty()) {
      boolean presented = header != null && !header.isBlank();
      response.setHeader("WWW-Authenticate", presented
          ? "Bearer realm=\"itmcp\", error=\"invalid_token\""
          : "Bearer realm=\"itmcp\"");
      HttpErrors.send(response, HttpServletResponse.SC_UNAUTHORIZED, presented
          ? "unauthorized: the bearer token is not valid for this gateway"
          : "unauthorized: send Authorization: Bearer <token> (tokens are configured with --tokens)");
      return;
    }
    request.setAttribute(IDENTITY_ATTRIBUTE, identity.get());
    chain.doFilter(req, res);
  }
}
