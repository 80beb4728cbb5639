package io.itmcp.gateway.cli;

import io.itmcp.gateway.auth.BearerTokenAuthenticator;
import io.itmcp.gateway.auth.TokenFile;
import io.itmcp.gateway.auth.oidc.ClientCredentials;
import io.itmcp.gateway.auth.oidc.OidcAuthenticator;
import io.itmcp.gateway.auth.oidc.OidcSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bearer-token checks {@code serve} builds from its options; each throws naming the option that
 * is wrong.
 */
final class Authenticators {

  private Authenticators() {}

  /** {@code --auth tokens}: the hashes of the {@code --tokens} file. */
  static BearerTokenAuthenticator tokenFile(Path tokens) {
    try {
      return new BearerTokenAuthenticator(TokenFile.read(tokens));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --tokens " + tokens + ": " + e, e);
    }
  }

  /**
   * {@code --auth oidc}: OAuth access tokens of {@code --oidc-issuer} for {@code --oidc-audience}.
   */
  static OidcAuthenticator oidc(ServeOptions o) {
    if (o.oidcIssuer == null) {
      throw new IllegalArgumentException(
          "--auth oidc needs --oidc-issuer URL (the authorization server's issuer)");
    }
    if (o.tokens != null) {
      throw new IllegalArgumentException(
          "--tokens is used with --auth tokens, not with --auth oidc");
    }
    ClientCredentials introspection = null;
    if (o.oidcClientId != null || o.oidcClientSecretFile != null) {
      if (o.oidcClientId == null || o.oidcClientSecretFile == null) {
        throw new IllegalArgumentException(
            "--oidc-client-id and --oidc-client-secret-file go together");
      }
      try {
        introspection =
            new ClientCredentials(o.oidcClientId, Files.readString(o.oidcClientSecretFile).strip());
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read --oidc-client-secret-file " + o.oidcClientSecretFile + ": " + e);
      }
    }
    return new OidcAuthenticator(
        new OidcSettings(
                o.oidcIssuer, o.oidcAudience, null, null, List.of(), null, null, o.oidcResource)
            .withClaims(o.oidcUsernameClaim, o.oidcGroupsClaim)
            .withRequiredScopes(o.oidcRequiredScopes)
            .withIntrospectionClient(introspection));
  }
}
