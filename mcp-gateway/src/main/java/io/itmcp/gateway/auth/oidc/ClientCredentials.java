package io.itmcp.gateway.auth.oidc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The gateway's own client id and secret at the issuer, for RFC 7662 token introspection. */
public record ClientCredentials(String clientId, String clientSecret) {

  public ClientCredentials {
    if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
      throw new IllegalArgumentException(
          "introspection needs --oidc-client-id and a non-empty" + " --oidc-client-secret-file");
    }
  }

  /** HTTP Basic as RFC 6749 section 2.3.1 describes: both parts form-urlencoded first. */
  String basicAuthorization() {
    String pair =
        java.net.URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + ":"
            + java.net.URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "ClientCredentials[clientId=" + clientId + ", clientSecret=(hidden)]";
  }
}
