package io.itmcp.gateway.auth;

import java.util.List;

/**
 * An {@link Authenticator} that accepts OAuth access tokens of an authorization server: the HTTP
 * layer then serves RFC 9728 Protected Resource Metadata and points every 401 at it, so an MCP
 * client can find where to get a token.
 */
public interface OAuthResource {

  /** The issuer identifier of the authorization server that issues the accepted tokens. */
  String issuer();

  /** The scopes every token must carry (also advertised as {@code scopes_supported}). */
  List<String> requiredScopes();

  /**
   * The gateway's public base URL ({@code --oidc-resource}): resources and the metadata address are
   * named under it; empty: under the origin each request reached.
   */
  default java.util.Optional<java.net.URI> publicBase() {
    return java.util.Optional.empty();
  }
}
