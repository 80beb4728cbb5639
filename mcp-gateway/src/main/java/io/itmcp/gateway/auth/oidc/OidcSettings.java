package io.itmcp.gateway.auth.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code serve --auth oidc} accepts.
 *
 * @param issuer the authorization server's issuer identifier; a token's {@code iss} must equal it
 * @param audience this gateway as a resource; a token's {@code aud} must contain it
 * @param usernameClaim the claim naming the user (tokens without it are refused)
 * @param groupsClaim the claim listing the user's groups (optional in a token)
 * @param requiredScopes scopes every token must carry ({@code scope} string or {@code scp} list)
 * @param jwksRefreshInterval the JWKS is fetched again for an unknown {@code kid} at most this
 *     often
 * @param introspectionClient the gateway's credentials for RFC 7662 introspection of opaque tokens;
 *     null: opaque tokens are refused
 * @param resource the gateway's public base URL as clients reach it ({@code --oidc-resource}, e.g.
 *     behind a TLS-terminating proxy); the RFC 9728 metadata and every 401 name resources under it,
 *     and the audience defaults to its {@code /mcp}. Null: taken from each request
 */
public record OidcSettings(
    URI issuer,
    String audience,
    String usernameClaim,
    String groupsClaim,
    List<String> requiredScopes,
    Duration jwksRefreshInterval,
    ClientCredentials introspectionClient,
    URI resource) {

  public static final String DEFAULT_USERNAME_CLAIM = "sub";
  public static final String DEFAULT_GROUPS_CLAIM = "groups";
  public static final Duration DEFAULT_JWKS_REFRESH_INTERVAL = Duration.ofSeconds(30);

  /** Tolerated difference between our clock and the issuer's for {@code exp} and {@code nbf}. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  public OidcSettings {
    Objects.requireNonNull(issuer, "issuer");
    if (!"https".equals(issuer.getScheme()) && !"http".equals(issuer.getScheme())) {
      throw new IllegalArgumentException(
          "--oidc-issuer must be an http(s) URL, not '" + issuer + "'");
    }
    resource = resource == null ? null : PublicResource.check(resource);
    if ((audience == null || audience.isBlank()) && resource != null) {
      audience = resource + "/mcp";
    }
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException(
          "--auth oidc needs --oidc-audience (this gateway's resource identifier,"
              + " usually its public /mcp URL) or --oidc-resource (its public base URL, whose /mcp is then the audience)");
    }
    usernameClaim =
        usernameClaim == null || usernameClaim.isBlank() ? DEFAULT_USERNAME_CLAIM : usernameClaim;
    groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? DEFAULT_GROUPS_CLAIM : groupsClaim;
    requiredScopes =
        requiredScopes == null
            ? List.of()
            : requiredScopes.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    jwksRefreshInterval =
        jwksRefreshInterval == null ? DEFAULT_JWKS_REFRESH_INTERVAL : jwksRefreshInterval;
  }

  public static OidcSettings of(URI issuer, String audience) {
    return new OidcSettings(issuer, audience, null, null, List.of(), null, null, null);
  }

  /** Resources and the default audience under this public base URL ({@code --oidc-resource}). */
  public OidcSettings withResource(URI base) {
    return new OidcSettings(
        issuer,
        audience,
        usernameClaim,
        groupsClaim,
        requiredScopes,
        jwksRefreshInterval,
        introspectionClient,
        base);
  }

  public OidcSettings withClaims(String username, String groups) {
    return new OidcSettings(
        issuer,
        audience,
        username,
        groups,
        requiredScopes,
        jwksRefreshInterval,
        introspectionClient,
        resource);
  }

  public OidcSettings withRequiredScopes(List<String> scopes) {
    return new OidcSettings(
        issuer,
        audience,
        usernameClaim,
        groupsClaim,
        scopes,
        jwksRefreshInterval,
        introspectionClient,
        resource);
  }

  public OidcSettings withJwksRefreshInterval(Duration interval) {
    return new OidcSettings(
        issuer,
        audience,
        usernameClaim,
        groupsClaim,
        requiredScopes,
        interval,
        introspectionClient,
        resource);
  }

  public OidcSettings withIntrospectionClient(ClientCredentials client) {
    return new OidcSettings(
        issuer,
        audience,
        usernameClaim,
        groupsClaim,
        requiredScopes,
        jwksRefreshInterval,
        client,
        resource);
  }
}
