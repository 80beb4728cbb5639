package io.itmcp.gateway.auth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.gateway.auth.Authenticator.AuthUnavailableException;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.auth.kubernetes.TokenReviewAuthenticator.CachePolicy;
import io.itmcp.gateway.runtime.kubernetes.MutableClock;
import io.itmcp.gateway.runtime.kubernetes.NoRetry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(https = false, crud = false)
class SubjectAccessReviewAuthorizerTest {

  static final String PATH = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
  static final String NAMESPACE = "itmcp-sandboxes";
  static final Identity ALICE =
      new Identity("alice@example.com", List.of("netops", "system:authenticated"));

  KubernetesClient client;
  KubernetesMockServer server;
  MutableClock clock;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-11-24T21:00:00Z"));
  }

  private SubjectAccessReviewAuthorizer authorizer(KubernetesClient using) {
    return new SubjectAccessReviewAuthorizer(
        using, NAMESPACE, new CachePolicy(Duration.ofSeconds(30), 100), clock);
  }

  private static SubjectAccessReview answer(boolean allowed, boolean denied) {
    return new SubjectAccessReviewBuilder()
        .withNewStatus()
        .withAllowed(allowed)
        .withDenied(denied)
        .withReason(allowed ? "RBAC: allowed by RoleBinding netops-dns" : "")
        .endStatus()
        .build();
  }

  @Test
  void asksForVerbUseOnThatPolicyInTheSandboxNamespace() throws Exception {
    server.expect().post().withPath(PATH).andReturn(201, answer(true, false)).once();

    assertThat(authorizer(client).mayUse(ALICE, "dns-checks")).isTrue();

    List<String> sent = ReviewRequests.bodies(server, "subjectaccessreviews");
    assertThat(sent).hasSize(1);
    SubjectAccessReview review = Serialization.unmarshal(sent.get(0), SubjectAccessReview.class);
    assertThat(review.getSpec().getUser()).isEqualTo("alice@example.com");
    assertThat(review.getSpec().getGroups()).containsExactly("netops", "system:authenticated");
    assertThat(review.getSpec().getResourceAttributes().getGroup()).isEqualTo("itmcp.io");
    assertThat(review.getSpec().getResourceAttributes().getResource()).isEqualTo("itmcppolicies");
    assertThat(review.getSpec().getResourceAttributes().getName()).isEqualTo("dns-checks");
    assertThat(review.getSpec().getResourceAttributes().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(review.getSpec().getResourceAttributes().getVerb()).isEqualTo("use");
  }

  @Test
  void theTokenReviewsUidAndExtraReachTheReviewAndSeparateCachedAnswers() throws Exception {
    Identity scoped =
        new Identity(
            "alice@example.com",
            List.of("netops"),
            "uid-7",
            java.util.Map.of("scopes.authorization.openshift.io", List.of("user:info")));
    Identity wider =
        new Identity(
            "alice@example.com",
            List.of("netops"),
            "uid-7",
            java.util.Map.of("scopes.authorization.openshift.io", List.of("user:full")));
    server.expect().post().withPath(PATH).andReturn(201, answer(false, false)).once();
    server.expect().post().withPath(PATH).andReturn(201, answer(true, false)).once();

    SubjectAccessReviewAuthorizer authorizer = authorizer(client);
    assertThat(authorizer.mayUse(scoped, "dns-checks")).isFalse();
    assertThat(authorizer.mayUse(wider, "dns-checks"))
        .as("not the scoped token's cached answer")
        .isTrue();

    List<String> sent = ReviewRequests.bodies(server, "subjectaccessreviews");
    assertThat(sent).hasSize(2);
    SubjectAccessReview review = Serialization.unmarshal(sent.get(0), SubjectAccessReview.class);
    assertThat(review.getSpec().getUid()).isEqualTo("uid-7");
    assertThat(review.getSpec().getExtra())
        .containsEntry("scopes.authorization.openshift.io", List.of("user:info"));
  }

  @Test
  void aDeniedReviewRefuses() {
    server.expect().post().withPath(PATH).andReturn(201, answer(false, false)).once();

    SubjectAccessReviewAuthorizer authorizer = authorizer(client);
    assertThat(authorizer.mayUse(ALICE, "ssh-routers")).isFalse();
    assertThat(authorizer.refusalMessage(ALICE, "ssh-routers"))
        .contains(
            "alice@example.com may not use ItmcpPolicy ssh-routers",
            "itmcp-policy-user",
            "RoleBinding");
  }

  @Test
  void anExplicitDenyWinsOverAllowed() {
    server.expect().post().withPath(PATH).andReturn(201, answer(true, true)).once();

    assertThat(authorizer(client).mayUse(ALICE, "dns-checks")).isFalse();
  }

  @Test
  void apiErrorsFailClosed() {
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(503, "{\"kind\":\"Status\",\"code\":503}")
        .always();

    try (KubernetesClient noRetry = NoRetry.of(client)) {
      assertThatThrownBy(() -> authorizer(noRetry).mayUse(ALICE, "dns-checks"))
          .isInstanceOf(AuthUnavailableException.class)
          .hasMessageContaining("SubjectAccessReview failed (HTTP 503)")
          .hasMessageContaining("refused");
    }
  }

  @Test
  void aReviewWithoutStatusFailsClosed() {
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(201, new SubjectAccessReviewBuilder().build())
        .once();

    assertThatThrownBy(() -> authorizer(client).mayUse(ALICE, "dns-checks"))
        .isInstanceOf(AuthUnavailableException.class);
  }

  @Test
  void answersAreCachedPerUserGroupsAndPolicy() throws Exception {
    server.expect().post().withPath(PATH).andReturn(201, answer(true, false)).once();
    server.expect().post().withPath(PATH).andReturn(201, answer(false, false)).once();
    server.expect().post().withPath(PATH).andReturn(201, answer(false, false)).once();
    server.expect().post().withPath(PATH).andReturn(201, answer(true, false)).once();
    SubjectAccessReviewAuthorizer authorizer = authorizer(client);

    assertThat(authorizer.mayUse(ALICE, "dns-checks")).isTrue();
    assertThat(
            authorizer.mayUse(
                new Identity("alice@example.com", List.of("system:authenticated", "netops")),
                "dns-checks"))
        .isTrue();
    assertThat(ReviewRequests.bodies(server, "subjectaccessreviews")).hasSize(1);

    assertThat(authorizer.mayUse(ALICE, "ssh-routers")).isFalse();
    assertThat(
            authorizer.mayUse(new Identity("alice@example.com", List.of("netops")), "dns-checks"))
        .isFalse();
    assertThat(ReviewRequests.bodies(server, "subjectaccessreviews")).hasSize(2);

    clock.advance(Duration.ofSeconds(30));
    assertThat(authorizer.mayUse(ALICE, "dns-checks")).isTrue();
    assertThat(ReviewRequests.bodies(server, "subjectaccessreviews")).hasSize(1);
  }
}
