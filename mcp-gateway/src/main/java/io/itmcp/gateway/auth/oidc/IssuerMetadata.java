package io.itmcp.gateway.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The authorization server's metadata: OpenID Connect Discovery ({@code
 * /.well-known/openid-configuration}), else RFC 8414 ({@code
 * /.well-known/oauth-authorization-server}). Its {@code issuer} must equal the configured one (both
 * specifications require it), so a metadata document cannot redirect trust elsewhere.
 */
public record IssuerMetadata(URI issuer, URI jwksUri, Optional<URI> introspectionEndpoint) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** The metadata addresses to try, in order. */
  static List<URI> candidates(URI issuer) {
    String base = issuer.toString().replaceAll("/+$", "");
    String path = issuer.getRawPath() == null ? "" : issuer.getRawPath().replaceAll("/+$", "");
    String origin = base.substring(0, base.length() - path.length());
    List<URI> uris = new ArrayList<>();
    uris.add(URI.create(base + "/.well-known/openid-configuration"));
    uris.add(URI.create(origin + "/.well-known/oauth-authorization-server" + path));
    return uris;
  }

  /**
   * Fetches and checks the metadata; IOException when no candidate answers with usable metadata.
   */
  public static IssuerMetadata discover(URI issuer, HttpClient http) throws IOException {
    List<String> failures = new ArrayList<>();
    for (URI uri : candidates(issuer)) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(uri)
                    .timeout(TIMEOUT)
                    .header("Accept", "application/json")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          failures.add(uri + ": HTTP " + response.statusCode());
          continue;
        }
        return parse(issuer, JSON.readTree(response.body()), uri);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading the issuer's metadata", e);
      } catch (IOException | IllegalArgumentException e) {
        failures.add(uri + ": " + e.getMessage());
      }
    }
    throw new IOException(
        "no usable authorization server metadata for issuer " + issuer + " (" + failures + ")");
  }

  static IssuerMetadata parse(URI issuer, JsonNode doc, URI from) {
    String declared = doc.path("issuer").asText("");
    if (!issuer.toString().equals(declared)) {
      throw new IllegalArgumentException(
          "the metadata at "
              + from
              + " names issuer '"
              + declared
              + "', not the configured '"
              + issuer
              + "'");
    }
    String jwks = doc.path("jwks_uri").asText("");
    if (jwks.isEmpty()) {
      throw new IllegalArgumentException("the metadata at " + from + " has no jwks_uri");
    }
    String introspection = doc.path("introspection_endpoint").asText("");
    return new IssuerMetadata(
        issuer,
        URI.create(jwks),
        introspection.isEmpty() ? Optional.empty() : Optional.of(URI.create(introspection)));
  }
}
