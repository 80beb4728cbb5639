package io.itmcp.gateway.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A minimal authorization server on loopback for the resource-server tests: OpenID discovery
 * metadata and a JWKS with one RSA key that can be rotated; tokens are minted with Nimbus. The
 * tests against a real authorization server use no.nav.security:mock-oauth2-server ({@code
 * MockOAuth2ServerTest}); this one stays for what that server cannot be made to do: rotate the key
 * of a running issuer, count JWKS fetches (its request recording needs okhttp 4's MockWebServer,
 * which clashes with the build's okhttp 5), serve metadata naming another issuer, and check the
 * introspecting client's secret.
 */
public final class TestIssuer implements AutoCloseable {

  public static final String AUDIENCE = "https://gateway.example/mcp";
  private final HttpServer server;
  public static final String CLIENT_ID = "itmcp-gateway";
  public static final String CLIENT_SECRET = "gateway-secret";
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final AtomicInteger introspections = new AtomicInteger();
  private final java.util.Map<String, JWTClaimsSet> opaque =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile RSAKey key;
  private volatile String metadataIssuer;

  public TestIssuer() throws IOException, JOSEException {
    key = newKey();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/realms/test/.well-known/openid-configuration",
        exchange ->
            respond(
                exchange,
                "{\"issuer\":\""
                    + (metadataIssuer != null ? metadataIssuer : issuer())
                    + "\",\"jwks_uri\":\""
                    + issuer()
                    + "/jwks\",\"introspection_endpoint\":\""
                    + issuer()
                    + "/introspect\",\"response_types_supported\":[\"code\"]}"));
    server.createContext(
        "/realms/test/introspect",
        exchange -> {
          introspections.incrementAndGet();
          String expected =
              "Basic "
                  + java.util.Base64.getEncoder()
                      .encodeToString(
                          (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
          if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
          }
          String form =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String token =
              java.net.URLDecoder.decode(
                  form.replaceAll("^token=([^&]*).*$", "$1"), StandardCharsets.UTF_8);
          JWTClaimsSet claims = opaque.get(token);
          respond(
              exchange,
              claims == null
                  ? "{\"active\":false}"
                  : new com.fasterxml.jackson.databind.ObjectMapper()
                      .writeValueAsString(withActive(claims)));
        });
    server.createContext(
        "/realms/test/jwks",
        exchange -> {
          jwksFetches.incrementAndGet();
          respond(exchange, new JWKSet(key.toPublicJWK()).toString());
        });
    server.start();
  }

  private static RSAKey newKey() throws JOSEException {
    return newKey(UUID.randomUUID().toString());
  }

  /**
   * How many different RSA keys a JVM makes. Making an RSA-2048 key costs 0.25 CPU-s with C2 and
   * twice that with C1, and the tests made about 25 (one per issuer, each rotation, each stranger's
   * key); a test needs a few different ones at a time, never this many.
   */
  private static final int DISTINCT_KEYS = 4;

  private static final List<RSAKey> KEYS = new java.util.ArrayList<>();
  private static int handedOut;

  /**
   * An RSA-2048 signing key under this key ID. Keys are made once per JVM and handed out in turn:
   * any {@value #DISTINCT_KEYS} keys in a row are different keys (an issuer's, its rotation's, a
   * stranger's), none is another issuer's current key within a test.
   */
  public static synchronized RSAKey newKey(String keyId) throws JOSEException {
    int index = handedOut++ % DISTINCT_KEYS;
    if (KEYS.size() <= index) {
      KEYS.add(new RSAKeyGenerator(2048).generate());
    }
    return new RSAKey.Builder(KEYS.get(index)).keyID(keyId).build();
  }

  private static void respond(HttpExchange exchange, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
  }

  public URI issuerUri() {
    return URI.create(issuer());
  }

  /** The metadata then names this issuer instead of the real one. */
  public void claimIssuer(String other) {
    metadataIssuer = other;
  }

  /** A new signing key replaces the old one in the JWKS. */
  public void rotate() throws JOSEException {
    key = newKey();
  }

  public RSAKey key() {
    return key;
  }

  /** An opaque token the introspection endpoint reports active with these claims. */
  public String opaqueToken(JWTClaimsSet claims) {
    String token = UUID.randomUUID().toString().replace("-", "");
    opaque.put(token, claims);
    return token;
  }

  public int introspections() {
    return introspections.get();
  }

  private static java.util.Map<String, Object> withActive(JWTClaimsSet claims) {
    java.util.Map<String, Object> json = new java.util.LinkedHashMap<>(claims.toJSONObject());
    json.put("active", true);
    return json;
  }

  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** Claims of a valid token for {@code user}: this issuer, the gateway audience, 5 minutes. */
  public JWTClaimsSet.Builder claims(String user) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .subject(user)
        .audience(List.of(AUDIENCE))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .claim("groups", List.of("netops"))
        .claim("scope", "openid mcp:tools");
  }

  public String token(String user) throws JOSEException {
    return sign(claims(user).build(), key);
  }

  public String token(String user, UnaryOperator<JWTClaimsSet.Builder> change)
      throws JOSEException {
    return sign(change.apply(claims(user)).build(), key);
  }

  public static String sign(JWTClaimsSet claims, RSAKey with) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(with.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new RSASSASigner(with));
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
