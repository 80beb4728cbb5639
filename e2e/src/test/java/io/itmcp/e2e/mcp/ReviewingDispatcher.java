package io.itmcp.e2e.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.itmcp.api.v1alpha1.ApiGroup;
import io.itmcp.gateway.auth.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What CRUD cannot answer on the mock API server, in front of the node's dispatcher: TokenReview
 * authenticates the tokens the test registers (others not), SubjectAccessReview allows verb
 * {@code use} on {@code itmcppolicies/NAME} for the (user, policy) pairs the test grants, as a
 * RoleBinding to itmcp-policy-user would. (The same answers as io.itmcp.e2e.cluster.ClusterApi,
 * which is package-private there.)
 */
final class ReviewingDispatcher extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

  private final Dispatcher next;
  private final Map<String, Identity> tokens = new ConcurrentHashMap<>();
  private final Set<String> grants = ConcurrentHashMap.newKeySet();

  ReviewingDispatcher(Dispatcher next) {
    this.next = next;
  }

  void acceptToken(String token, Identity identity) {
    tokens.put(token, identity);
  }

  void grantUse(String user, String policy) {
    grants.add(user + "\n" + policy);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    boolean post = "POST".equals(request.getMethod());
    if (post && request.getPath().startsWith(TOKEN_REVIEWS)) {
      return tokenReview(parse(request));
    }
    if (post && request.getPath().startsWith(ACCESS_REVIEWS)) {
      return accessReview(parse(request).path("spec"));
    }
    return next.dispatch(request);
  }

  private MockResponse tokenReview(JsonNode body) {
    Identity identity = tokens.get(body.path("spec").path("token").asText(""));
    TokenReview answer = new TokenReviewBuilder().withApiVersion("authentication.k8s.io/v1").withKind("TokenReview")
        .withNewStatus().withAuthenticated(identity != null)
        .withNewUser().withUsername(identity == null ? null : identity.user())
        .withGroups(identity == null ? List.of() : identity.groups()).endUser()
        .endStatus().build();
    return json(Serialization.asJson(answer));
  }

  private MockResponse accessReview(JsonNode spec) {
    JsonNode attributes = spec.path("resourceAttributes");
    boolean allowed = "use".equals(attributes.path("verb").asText())
        && ApiGroup.GROUP.equals(attributes.path("group").asText())
        && "itmcppolicies".equals(attributes.path("resource").asText())
        && grants.contains(spec.path("user").asText() + "\n" + attributes.path("name").asText());
    SubjectAccessReview answer = new SubjectAccessReviewBuilder().withApiVersion("authorization.k8s.io/v1")
        .withKind("SubjectAccessReview").withNewStatus().withAllowed(allowed).endStatus().build();
    return json(Serialization.asJson(answer));
  }

  private static JsonNode parse(RecordedRequest request) {
    try {
      return JSON.readTree(request.getUtf8Body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse json(String body) {
    return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(body);
  }
}
