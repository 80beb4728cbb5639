package io.itmcp.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.auth.Authenticator;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.auth.PolicyAuthorizer;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.RawHttp;
import io.itmcp.gateway.testing.TestPolicies;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The auth filter with any Authenticator/PolicyAuthorizer: 401, 403 and fail-closed 503. */
class BearerAuthFilterTest {

  @Test
  void parsesOnlyBearerHeaders() {
    assertThat(BearerAuthFilter.bearerToken("Bearer abc")).contains("abc");
    assertThat(BearerAuthFilter.bearerToken("bearer  abc ")).contains("abc");
    assertThat(BearerAuthFilter.bearerToken("Bearer ")).isEmpty();
    assertThat(BearerAuthFilter.bearerToken("Basic abc")).isEmpty();
    assertThat(BearerAuthFilter.bearerToken("abc")).isEmpty();
    assertThat(BearerAuthFilter.bearerToken(null)).isEmpty();
  }

  @Test
  void unauthorizedForbiddenAndUnavailableAreAllRefused() throws Exception {
    Authenticator authenticator =
        token ->
            switch (token) {
              case "alice" -> Optional.of(new Identity("alice", List.of()));
              case "bob" -> Optional.of(new Identity("bob", List.of()));
              case "down" ->
                  throw new Authenticator.AuthUnavailableException("TokenReview timed out", null);
              default -> Optional.empty();
            };
    PolicyAuthorizer onlyAlice = onlyAlice();
    SessionRegistry sessions =
        new SessionRegistry(new ProcessSandboxRuntime(), TestPolicies.defaultPolicy());
    InFlightCalls inFlight = new InFlightCalls();
    MemoryAuditSink audit = new MemoryAuditSink();
    ToolCallHandler handler =
        new ToolCallHandler(sessions, audit, inFlight, null, Clock.systemUTC());
    McpServerFactory factory =
        new McpServerFactory(TestPolicies.defaultPolicy(), FakeTools.catalog(), handler);
    try (HttpGateway gw =
        HttpGateway.start(
            new HttpGatewayConfig("127.0.0.1", 0, List.of(), List.of(), 65536),
            factory,
            sessions,
            inFlight,
            authenticator,
            onlyAlice)) {
      String url = "http://127.0.0.1:" + gw.port() + "/mcp";
      String init = RawHttp.initializeBody(1);
      assertThat(RawHttp.post(url, init, Map.of("Authorization", "Bearer alice")).statusCode())
          .isEqualTo(200);
      HttpResponse<String> bob = RawHttp.post(url, init, Map.of("Authorization", "Bearer bob"));
      assertThat(bob.statusCode()).isEqualTo(403);
      assertThat(bob.body()).contains("grant verb use on itmcppolicies/test-policy");
      assertThat(audit.events)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.method()).isEqualTo(AuditEvent.INITIALIZE);
                assertThat(e.phase()).isEqualTo(AuditEvent.Phase.REFUSAL);
                assertThat(e.user()).isEqualTo("bob");
                assertThat(e.reason()).contains("bob may not use test-policy");
              });
      HttpResponse<String> down = RawHttp.post(url, init, Map.of("Authorization", "Bearer down"));
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("TokenReview timed out");
      assertThat(RawHttp.post(url, init, Map.of("Authorization", "Bearer eve")).statusCode())
          .isEqualTo(401);
      assertThat(sessions.liveSessions()).isEqualTo(1);
    } finally {
      sessions.close();
    }
  }

  private static PolicyAuthorizer onlyAlice() {
    return new PolicyAuthorizer() {
      @Override
      public boolean mayUse(Identity identity, String policyName) {
        return identity.user().equals("alice");
      }

      @Override
      public String refusalMessage(Identity identity, String policyName) {
        return identity.user()
            + " may not use "
            + policyName
            + "; grant verb use on itmcppolicies/"
            + policyName;
      }
    };
  }

  @Test
  void perPolicyAForbiddenOpeningIsAuditedAsARefusedInitialize() throws Exception {
    Authenticator authenticator = token -> Optional.of(new Identity(token, List.of()));
    SessionRegistry sessions =
        new SessionRegistry(
            new ProcessSandboxRuntime(),
            TestPolicies.defaultPolicy(),
            io.itmcp.gateway.session.SessionPolicies.fixed(TestPolicies.defaultPolicy()),
            System::nanoTime);
    InFlightCalls inFlight = new InFlightCalls();
    MemoryAuditSink audit = new MemoryAuditSink();
    ToolCallHandler handler =
        new ToolCallHandler(sessions, audit, inFlight, null, Clock.systemUTC());
    McpServerFactory factory =
        new McpServerFactory(TestPolicies.defaultPolicy(), FakeTools.catalog(), handler);
    try (HttpGateway gw =
        HttpGateway.startPerPolicy(
            new HttpGatewayConfig("127.0.0.1", 0, List.of(), List.of(), 65536),
            factory,
            sessions,
            inFlight,
            authenticator,
            onlyAlice())) {
      String url = "http://127.0.0.1:" + gw.port() + "/mcp/test-policy";
      HttpResponse<String> bob =
          RawHttp.post(url, RawHttp.initializeBody(1), Map.of("Authorization", "Bearer bob"));
      assertThat(bob.statusCode()).isEqualTo(403);
      assertThat(audit.events)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.method()).isEqualTo(AuditEvent.INITIALIZE);
                assertThat(e.user()).isEqualTo("bob");
                assertThat(e.reason()).contains("bob may not use test-policy");
              });
      assertThat(
              RawHttp.post(url, RawHttp.initializeBody(1), Map.of("Authorization", "Bearer alice"))
                  .statusCode())
          .isEqualTo(200);
      assertThat(audit.events).hasSize(1);
    } finally {
      sessions.close();
    }
  }
}
