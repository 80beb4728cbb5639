package io.itmcp.gateway.auth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.itmcp.gateway.auth.Authenticator.AuthUnavailableException;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.auth.kubernetes.TokenReviewAuthenticator.CachePolicy;
import io.itmcp.gateway.runtime.kubernetes.MutableClock;
import io.itmcp.gateway.runtime.kubernetes.NoRetry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(https = false, crud = false)
class TokenReviewAuthenticatorTest {

  static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
  static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.secret-part.signature";

  KubernetesClient client;
  KubernetesMockServer server;
  MutableClock clock;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-11-24T21:00:00Z"));
  }

  private TokenReviewAuthenticator authenticator(KubernetesClient using, List<String> audiences) {
    return new TokenReviewAuthenticator(
        using, audiences, new CachePolicy(Duration.ofSeconds(30), 100), clock);
  }

  private static TokenReview authenticated(
      String user, List<String> groups, List<String> audiences) {
    return new TokenReviewBuilder()
        .withNewStatus()
        .withAuthenticated(true)
        .withNewUser()
        .withUsername(user)
        .withGroups(groups)
        .endUser()
        .withAudiences(audiences)
        .endStatus()
        .build();
  }

  private static TokenReview rejected() {
    return new TokenReviewBuilder()
        .withNewStatus()
        .withAuthenticated(false)
        .withError("token has expired")
        .endStatus()
        .build();
  }

  @Test
  void aTokenTheClusterTrustsBecomesItsIdentity() throws Exception {
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(
            201,
            authenticated(
                "system:serviceaccount:team-a:bot",
                List.of("system:serviceaccounts", "netops"),
                List.of("itmcp")))
        .once();

    Optional<Identity> identity = authenticator(client, List.of("itmcp")).authenticate(TOKEN);

    assertThat(identity)
        .contains(
            new Identity(
                "system:serviceaccount:team-a:bot", List.of("system:serviceaccounts", "netops")));
    List<String> sent = ReviewRequests.bodies(server, "tokenreviews");
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0))
        .contains("\"token\":\"" + TOKEN + "\"")
        .contains("\"audiences\":[\"itmcp\"]");
  }

  @Test
  void aTokenTheClusterRejectsIsRefused() {
    server.expect().post().withPath(PATH).andReturn(201, rejected()).once();

    assertThat(authenticator(client, List.of()).authenticate(TOKEN)).isEmpty();
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(
            201, authenticated("alice", List.of(), List.of("https://kubernetes.default.svc")))
        .once();

    assertThat(authenticator(client, List.of("itmcp")).authenticate(TOKEN)).isEmpty();
  }

  @Test
  void emptyTokensAreRefusedWithoutAReview() throws Exception {
    TokenReviewAuthenticator authenticator = authenticator(client, List.of());

    assertThat(authenticator.authenticate("")).isEmpty();
    assertThat(authenticator.authenticate("   ")).isEmpty();
    assertThat(authenticator.authenticate(null)).isEmpty();
    assertThat(ReviewRequests.bodies(server, "tokenreviews")).isEmpty();
  }

  @Test
  void apiErrorsFailClosedWithoutQuotingTheToken() {
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(500, "{\"kind\":\"Status\",\"message\":\"etcdserver: request timed out\"}")
        .always();

    try (KubernetesClient noRetry = NoRetry.of(client)) {
      assertThatThrownBy(() -> authenticator(noRetry, List.of()).authenticate(TOKEN))
          .isInstanceOf(AuthUnavailableException.class)
          .hasMessageContaining("TokenReview failed (HTTP 500)")
          .hasMessageContaining("refused")
          .hasMessageNotContaining("secret-part")
          .satisfies(
              e -> {
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                  assertThat(String.valueOf(cause.getMessage())).doesNotContain("secret-part");
                }
              });
    }
  }

  @Test
  void missingRbacFailsClosedAndSaysWhatIsMissing() {
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"message\":\"forbidden\"}")
        .always();

    assertThatThrownBy(() -> authenticator(client, List.of()).authenticate(TOKEN))
        .isInstanceOf(AuthUnavailableException.class)
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("create tokenreviews");
  }

  @Test
  void aReviewWithoutStatusFailsClosed() {
    server.expect().post().withPath(PATH).andReturn(201, new TokenReviewBuilder().build()).once();

    assertThatThrownBy(() -> authenticator(client, List.of()).authenticate(TOKEN))
        .isInstanceOf(AuthUnavailableException.class);
  }

  @Test
  void decisionsAreCachedBrieflyPerToken() throws Exception {
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(201, authenticated("alice", List.of("netops"), null))
        .times(2);
    server.expect().post().withPath(PATH).andReturn(201, rejected()).once();
    TokenReviewAuthenticator authenticator = authenticator(client, List.of());

    assertThat(authenticator.authenticate(TOKEN)).isPresent();
    assertThat(authenticator.authenticate(TOKEN)).isPresent();
    assertThat(ReviewRequests.bodies(server, "tokenreviews")).hasSize(1);

    clock.advance(Duration.ofSeconds(31));
    assertThat(authenticator.authenticate(TOKEN)).isPresent();
    assertThat(ReviewRequests.bodies(server, "tokenreviews")).hasSize(1);

    assertThat(authenticator.authenticate("another-token")).isEmpty();
    assertThat(authenticator.authenticate("another-token")).isEmpty();
    assertThat(ReviewRequests.bodies(server, "tokenreviews")).hasSize(1);
  }

  @Test
  void apiErrorsAreNotCached() {
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403}")
        .once();
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(201, authenticated("alice", List.of(), null))
        .once();
    TokenReviewAuthenticator authenticator = authenticator(client, List.of());

    assertThatThrownBy(() -> authenticator.authenticate(TOKEN))
        .isInstanceOf(AuthUnavailableException.class);
    assertThat(authenticator.authenticate(TOKEN)).contains(new Identity("alice", List.of()));
  }
}
