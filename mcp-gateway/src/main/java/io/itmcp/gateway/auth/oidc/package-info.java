/**
 * {@code serve --auth oidc}: the gateway as an OAuth 2.1 resource server. {@link
 * io.itmcp.gateway.auth.oidc.IssuerMetadata} finds the issuer's keys; {@link
 * io.itmcp.gateway.auth.oidc.OidcAuthenticator} turns an access token into an identity with Nimbus
 * JOSE+JWT. The HTTP side (RFC 9728 metadata, {@code WWW-Authenticate}) is in {@code http}.
 */
package io.itmcp.gateway.auth.oidc;
