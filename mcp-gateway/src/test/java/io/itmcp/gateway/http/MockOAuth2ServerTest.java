package io.itmcp.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.itmcp.gateway.auth.oidc.OidcAuthenticator;
import io.itmcp.gateway.auth.oidc.OidcSettings;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.RawHttp;
import io.itmcp.gateway.testing.TestIssuer;
import io.itmcp.gateway.testing.TestPolicies;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway as a resource server of a real authorization server,
 * no.nav.security:mock-oauth2-server on loopback: a client that starts from our 401 finds the
 * issuer through the RFC 9728 metadata, signs in with authorization code and PKCE (the server's
 * non-interactive login), gets a token and makes calls; tokens that server issues for another
 * audience, already expired, without the scope or from another of its issuers are refused, and so
 * are tokens forged against its published key.
 */
class MockOAuth2ServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ISSUER_ID = "itmcp";
  private static final String SCOPE = "mcp:tools";
  private static final HttpClient NO_REDIRECTS =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private MockOAuth2Server authorizationServer;
  private SessionRegistry sessions;
  private MemoryAuditSink audit;
  private HttpGateway gateway;
  private String audience;

  @BeforeEach
  void start() throws Exception {
    // Netty rather than okhttp 4's MockWebServer (see the dependency's exclusions in the pom)
    authorizationServer =
        new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"httpServer\":\"NettyWrapper\"}"));
    authorizationServer.start(java.net.InetAddress.getLoopbackAddress(), 0);
    InFlightCalls inFlight = new InFlightCalls();
    sessions = new SessionRegistry(new ProcessSandboxRuntime(), TestPolicies.defaultPolicy());
    audit = new MemoryAuditSink();
    ToolCallHandler handler =
        new ToolCallHandler(sessions, audit, inFlight, null, Clock.systemUTC());
    // the audience must be known before the gateway's port is: its public resource, as behind a
    // proxy
    audience = "https://itmcp.test/mcp";
    OidcAuthenticator oidc =
        new OidcAuthenticator(
            OidcSettings.of(issuer(), audience).withRequiredScopes(List.of(SCOPE)));
    gateway =
        HttpGateway.start(
            new HttpGatewayConfig("127.0.0.1", 0, List.of(), List.of(), 65536),
            new McpServerFactory(TestPolicies.defaultPolicy(), FakeTools.catalog(), handler),
            sessions,
            inFlight,
            oidc);
  }

  @AfterEach
  void stop() {
    gateway.close();
    sessions.close();
    authorizationServer.shutdown();
  }

  private URI issuer() {
    return URI.create(authorizationServer.issuerUrl(ISSUER_ID).toString());
  }

  private String base() {
    return "http://127.0.0.1:" + gateway.port();
  }

  private void nextTokenIs(
      String issuerId, List<String> aud, Map<String, Object> claims, long expirySeconds) {
    authorizationServer.enqueueCallback(
        new DefaultOAuth2TokenCallback(issuerId, "alice", "JWT", aud, claims, expirySeconds));
  }

  /**
   * What an MCP client does: 401 → resource metadata → issuer metadata → authorization code with
   * PKCE → token.
   */
  private String signIn() throws Exception {
    HttpResponse<String> unauthorized =
        RawHttp.post(base() + "/mcp", RawHttp.initializeBody(1), Map.of());
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    String challenge = unauthorized.headers().firstValue("WWW-Authenticate").orElseThrow();
    String metadataUrl = challenge.replaceAll(".*resource_metadata=\"([^\"]+)\".*", "$1");
    JsonNode resource = get(metadataUrl);
    String issuer = resource.path("authorization_servers").get(0).asText();
    assertThat(issuer).isEqualTo(issuer().toString());
    JsonNode as = get(issuer + "/.well-known/openid-configuration");

    String verifier = base64Url(random(32));
    String challengeS256 =
        base64Url(
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String redirect = "http://127.0.0.1:1/callback";
    String state = UUID.randomUUID().toString();
    String authorize =
        as.path("authorization_endpoint").asText()
            + "?"
            + form(
                Map.of(
                    "response_type",
                    "code",
                    "client_id",
                    "itmcp-test-client",
                    "redirect_uri",
                    redirect,
                    "scope",
                    "openid " + SCOPE,
                    "state",
                    state,
                    "code_challenge",
                    challengeS256,
                    "code_challenge_method",
                    "S256",
                    "resource",
                    resource.path("resource").asText()));
    HttpResponse<String> login =
        NO_REDIRECTS.send(
            HttpRequest.newBuilder(URI.create(authorize)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
    URI back = URI.create(login.headers().firstValue("Location").orElseThrow());
    Map<String, String> query =
        java.util.Arrays.stream(back.getRawQuery().split("&"))
            .map(p -> p.split("=", 2))
            .collect(
                Collectors.toMap(
                    p -> p[0], p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    assertThat(query).containsEntry("state", state);

    HttpResponse<String> token =
        NO_REDIRECTS.send(
            HttpRequest.newBuilder(URI.create(as.path("token_endpoint").asText()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(
                            Map.of(
                                "grant_type",
                                "authorization_code",
                                "code",
                                query.get("code"),
                                "redirect_uri",
                                redirect,
                                "client_id",
                                "itmcp-test-client",
                                "code_verifier",
                                verifier))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    return JSON.readTree(token.body()).path("access_token").asText();
  }

  @Test
  void aClientThatStartsFromThe401SignsInAndCalls() throws Exception {
    nextTokenIs(
        ISSUER_ID,
        List.of(audience),
        Map.of("scope", "openid " + SCOPE, "groups", List.of("netops")),
        3600);
    String token = signIn();

    try (McpSyncClient client =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder(base())
                    .endpoint("/mcp")
                    .requestBuilder(
                        HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                    .build())
            .requestTimeout(Duration.ofSeconds(30))
            .build()) {
      client.initialize();
      McpSchema.CallToolResult refused =
          client.callTool(
              new McpSchema.CallToolRequest("cat_tool", Map.of("file_path", "/forbidden/x")));
      assertThat(refused.isError()).isTrue();
    }
    assertThat(audit.events)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.user()).isEqualTo("alice");
              assertThat(e.groups()).containsExactly("netops");
            });
  }

  private int statusWith(String token) throws Exception {
    return RawHttp.post(
            base() + "/mcp", RawHttp.initializeBody(1), Map.of("Authorization", "Bearer " + token))
        .statusCode();
  }

  private String issued(
      String issuerId, List<String> aud, Map<String, Object> claims, long expirySeconds) {
    return authorizationServer
        .issueToken(
            issuerId,
            "itmcp-test-client",
            new DefaultOAuth2TokenCallback(issuerId, "alice", "JWT", aud, claims, expirySeconds))
        .serialize();
  }

  @Test
  void tokensOfTheServerThatDoNotFitAreRefused() throws Exception {
    Map<String, Object> scoped = Map.of("scope", SCOPE);
    assertThat(statusWith(issued(ISSUER_ID, List.of(audience), scoped, 3600)))
        .as("fits")
        .isEqualTo(200);
    assertThat(statusWith(issued(ISSUER_ID, List.of("https://other.test/mcp"), scoped, 3600)))
        .as("other audience")
        .isEqualTo(401);
    assertThat(statusWith(issued(ISSUER_ID, List.of(audience), scoped, -120)))
        .as("expired beyond the skew")
        .isEqualTo(401);
    assertThat(statusWith(issued("another-issuer", List.of(audience), scoped, 3600)))
        .as("another issuer")
        .isEqualTo(401);
    assertThat(statusWith(issued(ISSUER_ID, List.of(audience), Map.of("scope", "openid"), 3600)))
        .as("no scope")
        .isEqualTo(403);
  }

  @Test
  void tokensForgedAgainstItsPublishedKeyAreRefused() throws Exception {
    RSAKey published = (RSAKey) JWKSet.parse(get(issuer() + "/jwks").toString()).getKeys().get(0);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer().toString())
            .subject("mallory")
            .audience(audience)
            .claim("scope", SCOPE)
            .expirationTime(new Date(System.currentTimeMillis() + 600_000))
            .build();
    String none = new PlainJWT(new PlainHeader(), claims).serialize();
    SignedJWT hmac =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(), claims);
    hmac.sign(
        new MACSigner(
            published.toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8)));
    RSAKey impostor = TestIssuer.newKey(published.getKeyID());
    SignedJWT otherKey =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(published.getKeyID()).build(), claims);
    otherKey.sign(new RSASSASigner(impostor));

    assertThat(statusWith(none)).as("alg none").isEqualTo(401);
    assertThat(statusWith(hmac.serialize())).as("HMAC keyed with the public key").isEqualTo(401);
    assertThat(statusWith(otherKey.serialize()))
        .as("signed by another key under its kid")
        .isEqualTo(401);
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r =
        NO_REDIRECTS.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static String base64Url(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Test
  void theTypeScriptSdkClientSignsInWithItsOwnOAuthFlowAndCalls() throws Exception {
    io.itmcp.gateway.testing.NodeClient.require();
    java.nio.file.Path file = java.nio.file.Files.createTempFile("itmcp-oauth", ".txt");
    try {
      java.nio.file.Files.writeString(file, "signed in through typescript\n");
      nextTokenIs(
          ISSUER_ID,
          List.of(audience),
          Map.of("scope", "openid " + SCOPE, "groups", List.of("netops")),
          3600);

      JsonNode out =
          io.itmcp.gateway.testing.NodeClient.runScript(
              "oauth.mjs",
              List.of(base() + "/mcp", "cat_tool", "{\"file_path\":\"" + file + "\"}"));

      assertThat(out.path("ok").asBoolean()).as(out.toString()).isTrue();
      assertThat(out.path("steps"))
          .extracting(JsonNode::asText)
          .containsExactly("authorize", "401", "token", "initialize");
      assertThat(out.at("/authorization/pkce").asText()).isEqualTo("S256");
      assertThat(out.at("/authorization/resource").asText()).isEqualTo(base() + "/mcp");
      assertThat(out.at("/result/structuredContent/stdout").asText())
          .isEqualTo("signed in through typescript\n");
      assertThat(audit.events)
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.user()).isEqualTo("alice"));
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }
}
