package io.itmcp.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.gateway.audit.HashChainedAuditLog;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.auth.PolicyAuthorizer;
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
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway as an OAuth resource server over HTTP: RFC 9728 metadata without auth, every 401
 * pointing at it, 403 insufficient_scope, and the token's user doing the calls, with the token in
 * neither the audit records nor the log.
 */
class OAuthResourceServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private TestIssuer issuer;
  private SessionRegistry sessions;
  private MemoryAuditSink audit;
  private ByteArrayOutputStream auditBytes;
  private HttpGateway gateway;

  @BeforeEach
  void start() throws Exception {
    issuer = new TestIssuer();
    OidcAuthenticator oidc =
        new OidcAuthenticator(
            OidcSettings.of(issuer.issuerUri(), TestIssuer.AUDIENCE)
                .withRequiredScopes(List.of("mcp:tools")));
    sessions = new SessionRegistry(new ProcessSandboxRuntime(), TestPolicies.defaultPolicy());
    auditBytes = new ByteArrayOutputStream();
    audit = new MemoryAuditSink(HashChainedAuditLog.toStream(auditBytes));
    InFlightCalls inFlight = new InFlightCalls();
    ToolCallHandler handler =
        new ToolCallHandler(sessions, audit, inFlight, null, Clock.systemUTC());
    McpServerFactory factory =
        new McpServerFactory(TestPolicies.defaultPolicy(), FakeTools.catalog(), handler);
    gateway =
        HttpGateway.start(
            new HttpGatewayConfig("127.0.0.1", 0, List.of(), List.of(), 65536),
            factory,
            sessions,
            inFlight,
            oidc);
  }

  @AfterEach
  void stop() {
    gateway.close();
    sessions.close();
    issuer.close();
  }

  private String base() {
    return "http://127.0.0.1:" + gateway.port();
  }

  @Test
  void protectedResourceMetadataIsPublicAndNamesTheIssuer() throws Exception {
    for (String path :
        List.of(
            "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
      HttpResponse<String> response =
          RawHttp.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      JsonNode doc = JSON.readTree(response.body());
      assertThat(doc.path("resource").asText()).isEqualTo(base() + "/mcp");
      assertThat(doc.path("authorization_servers").get(0).asText()).isEqualTo(issuer.issuer());
      assertThat(doc.path("scopes_supported").get(0).asText()).isEqualTo("mcp:tools");
      assertThat(doc.path("bearer_methods_supported").get(0).asText()).isEqualTo("header");
    }
    HttpResponse<String> perPolicy =
        RawHttp.send(
            HttpRequest.newBuilder(
                    URI.create(base() + "/.well-known/oauth-protected-resource/mcp/netops"))
                .GET()
                .build());
    assertThat(JSON.readTree(perPolicy.body()).path("resource").asText())
        .isEqualTo(base() + "/mcp/netops");
    HttpResponse<String> other =
        RawHttp.send(
            HttpRequest.newBuilder(
                    URI.create(base() + "/.well-known/oauth-protected-resource/admin"))
                .GET()
                .build());
    assertThat(other.statusCode()).isEqualTo(404);
  }

  @Test
  void everyUnauthorizedAnswerPointsAtTheMetadata() throws Exception {
    String metadata =
        "resource_metadata=\"" + base() + "/.well-known/oauth-protected-resource/mcp\"";
    HttpResponse<String> none = RawHttp.post(base() + "/mcp", RawHttp.initializeBody(1), Map.of());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(
            h -> {
              assertThat(h).startsWith("Bearer ").contains(metadata).doesNotContain("error=");
            });
    HttpResponse<String> wrongAudience =
        RawHttp.post(
            base() + "/mcp",
            RawHttp.initializeBody(1),
            Map.of(
                "Authorization",
                "Bearer " + issuer.token("alice", c -> c.audience("https://other.example"))));
    assertThat(wrongAudience.statusCode()).isEqualTo(401);
    assertThat(wrongAudience.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).contains("error=\"invalid_token\"", metadata));
  }

  @Test
  void aTokenWithoutTheRequiredScopeIsForbiddenWithInsufficientScope() throws Exception {
    HttpResponse<String> response =
        RawHttp.post(
            base() + "/mcp",
            RawHttp.initializeBody(1),
            Map.of(
                "Authorization",
                "Bearer " + issuer.token("alice", c -> c.claim("scope", "openid"))));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(
            h ->
                assertThat(h)
                    .contains(
                        "error=\"insufficient_scope\"",
                        "scope=\"mcp:tools\"",
                        "resource_metadata="));
    assertThat(response.body()).contains("needs mcp:tools, has openid");
  }

  @Test
  void theTokensUserMakesTheCallsAndTheTokenIsNeitherAuditedNorLogged() throws Exception {
    String token = issuer.token("alice");
    String refused = issuer.token("mallory", c -> c.audience("https://other.example"));
    PrintStream realErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (McpSyncClient client =
        io.modelcontextprotocol.client.McpClient.sync(
                HttpClientStreamableHttpTransport.builder(base())
                    .endpoint("/mcp")
                    .requestBuilder(
                        HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                    .build())
            .requestTimeout(Duration.ofSeconds(30))
            .build()) {
      client.initialize();
      McpSchema.CallToolResult result =
          client.callTool(
              new McpSchema.CallToolRequest("cat_tool", Map.of("file_path", "/forbidden/x")));
      assertThat(result.isError()).isTrue();
      RawHttp.post(
          base() + "/mcp", RawHttp.initializeBody(1), Map.of("Authorization", "Bearer " + refused));
    } finally {
      System.setErr(realErr);
    }
    assertThat(audit.events)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.user()).isEqualTo("alice");
              assertThat(e.groups()).containsExactly("netops");
            });
    String records = auditBytes.toString(StandardCharsets.UTF_8);
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).as("the log capture works").contains("bearer token refused");
    for (String secret : List.of(token, refused, token.substring(token.lastIndexOf('.') + 1))) {
      assertThat(records).doesNotContain(secret);
      assertThat(logged).doesNotContain(secret);
    }
  }

  @Test
  void perPolicyTheChallengeNamesThePolicysMetadataAndTheUseCheckGetsTheTokensUserAndGroups()
      throws Exception {
    List<Identity> asked = new CopyOnWriteArrayList<>();
    PolicyAuthorizer recording = (identity, policyName) -> asked.add(identity);
    OidcAuthenticator oidc =
        new OidcAuthenticator(OidcSettings.of(issuer.issuerUri(), TestIssuer.AUDIENCE));
    InFlightCalls inFlight = new InFlightCalls();
    String policyName = TestPolicies.defaultPolicy().name();
    try (SessionRegistry perPolicySessions =
            new SessionRegistry(new ProcessSandboxRuntime(), TestPolicies.defaultPolicy());
        HttpGateway cluster =
            HttpGateway.startPerPolicy(
                new HttpGatewayConfig("127.0.0.1", 0, List.of(), List.of(), 65536),
                new McpServerFactory(
                    TestPolicies.defaultPolicy(),
                    FakeTools.catalog(),
                    new ToolCallHandler(
                        perPolicySessions,
                        new MemoryAuditSink(),
                        inFlight,
                        null,
                        Clock.systemUTC())),
                perPolicySessions,
                inFlight,
                oidc,
                recording)) {
      String clusterBase = "http://127.0.0.1:" + cluster.port();
      HttpResponse<String> none =
          RawHttp.post(clusterBase + "/mcp/" + policyName, RawHttp.initializeBody(1), Map.of());
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(
              h ->
                  assertThat(h)
                      .contains(
                          "resource_metadata=\""
                              + clusterBase
                              + "/.well-known/oauth-protected-resource/mcp/"
                              + policyName
                              + "\""));
      HttpResponse<String> alice =
          RawHttp.post(
              clusterBase + "/mcp/" + policyName,
              RawHttp.initializeBody(1),
              Map.of("Authorization", "Bearer " + issuer.token("alice")));
      assertThat(alice.statusCode()).isEqualTo(200);
      assertThat(asked).contains(new Identity("alice", List.of("netops")));
    }
  }

  @Test
  void behindAProxyThePublicResourceNamesTheMetadataTheChallengeAndTheAudience() throws Exception {
    String publicBase = "https://mcp.example.com/itmcp";
    OidcAuthenticator oidc =
        new OidcAuthenticator(
            new OidcSettings(
                issuer.issuerUri(),
                null,
                null,
                null,
                List.of(),
                null,
                null,
                URI.create(publicBase + "/")));
    InFlightCalls inFlight = new InFlightCalls();
    try (SessionRegistry proxied =
            new SessionRegistry(new ProcessSandboxRuntime(), TestPolicies.defaultPolicy());
        HttpGateway behind =
            HttpGateway.start(
                new HttpGatewayConfig("127.0.0.1", 0, List.of(), List.of(), 65536),
                new McpServerFactory(
                    TestPolicies.defaultPolicy(),
                    FakeTools.catalog(),
                    new ToolCallHandler(
                        proxied, new MemoryAuditSink(), inFlight, null, Clock.systemUTC())),
                proxied,
                inFlight,
                oidc)) {
      String inside = "http://127.0.0.1:" + behind.port();
      HttpResponse<String> metadata =
          RawHttp.send(
              HttpRequest.newBuilder(
                      URI.create(inside + "/.well-known/oauth-protected-resource/mcp"))
                  .GET()
                  .build());
      assertThat(JSON.readTree(metadata.body()).path("resource").asText())
          .isEqualTo(publicBase + "/mcp");
      HttpResponse<String> perPolicy =
          RawHttp.send(
              HttpRequest.newBuilder(
                      URI.create(inside + "/.well-known/oauth-protected-resource/mcp/netops"))
                  .GET()
                  .build());
      assertThat(JSON.readTree(perPolicy.body()).path("resource").asText())
          .isEqualTo(publicBase + "/mcp/netops");

      HttpResponse<String> none =
          RawHttp.post(inside + "/mcp", RawHttp.initializeBody(1), Map.of());
      assertThat(none.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(
              h ->
                  assertThat(h)
                      .contains(
                          "resource_metadata=\""
                              + publicBase
                              + "/.well-known/oauth-protected-resource/mcp\"")
                      .doesNotContain("127.0.0.1"));

      // the audience is the public resource, not what the gateway sees from inside
      HttpResponse<String> forPublic =
          RawHttp.post(
              inside + "/mcp",
              RawHttp.initializeBody(1),
              Map.of(
                  "Authorization",
                  "Bearer " + issuer.token("alice", c -> c.audience(publicBase + "/mcp"))));
      assertThat(forPublic.statusCode()).isEqualTo(200);
      HttpResponse<String> forInside =
          RawHttp.post(
              inside + "/mcp",
              RawHttp.initializeBody(1),
              Map.of(
                  "Authorization",
                  "Bearer " + issuer.token("alice", c -> c.audience(inside + "/mcp"))));
      assertThat(forInside.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void thePublicResourceMustBeHttpsWithoutQueryOrUserInfo() {
    for (String bad :
        List.of(
            "http://mcp.example.com",
            "https://mcp.example.com/?a=b",
            "https://u:p@mcp.example.com",
            "https://mcp.example.com/#x",
            "mcp.example.com")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  new OidcSettings(
                      issuer.issuerUri(), null, null, null, List.of(), null, null, URI.create(bad)))
          .as(bad)
          .hasMessageContaining("--oidc-resource")
          .hasMessageContaining("public base URL");
    }
    assertThat(
            new OidcSettings(
                    issuer.issuerUri(),
                    null,
                    null,
                    null,
                    List.of(),
                    null,
                    null,
                    URI.create("http://127.0.0.1:8080/"))
                .audience())
        .isEqualTo("http://127.0.0.1:8080/mcp");
    assertThat(
            new OidcSettings(
                    issuer.issuerUri(),
                    "api://itmcp",
                    null,
                    null,
                    List.of(),
                    null,
                    null,
                    URI.create("https://mcp.example.com"))
                .audience())
        .as("an explicit audience stays")
        .isEqualTo("api://itmcp");
  }
}
