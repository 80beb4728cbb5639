package io.itmcp.gateway.auth.oidc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 7662: asks the issuer's {@code introspection_endpoint} about an opaque token, authenticated
 * with the gateway's client credentials. The answer's claims are then checked like a JWT's.
 */
final class TokenIntrospection {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final URI endpoint;
  private final ClientCredentials credentials;
  private final HttpClient http;

  TokenIntrospection(URI endpoint, ClientCredentials credentials, HttpClient http) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.http = http;
  }

  /** The claims of an active token; empty when the issuer says it is not active. */
  Optional<JWTClaimsSet> introspect(String token) throws IOException {
    String form =
        "token="
            + URLEncoder.encode(token, StandardCharsets.UTF_8)
            + "&token_type_hint=access_token";
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Accept", "application/json")
                  .header("Authorization", credentials.basicAuthorization())
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during token introspection", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "the introspection endpoint " + endpoint + " answered HTTP " + response.statusCode());
    }
    Map<String, Object> answer =
        JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {});
    if (!Boolean.TRUE.equals(answer.get("active"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(JWTClaimsSet.parse(answer));
    } catch (ParseException e) {
      throw new IOException("the introspection answer has malformed claims: " + e.getMessage(), e);
    }
  }
}
