package io.itmcp.testkit.kubernetes;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What CRUD cannot answer on the mock API server, in front of the node's dispatcher: TokenReview
 * authenticates the tokens the test registers (others not), SubjectAccessReview allows verb {@code
 * use} on {@code itmcppolicies/NAME} for the (user, policy) pairs the test grants, as a RoleBinding
 * to itmcp-policy-user would. It counts the reviews it answers and can fail SubjectAccessReviews as
 * an overloaded API server does.
 */
public final class ReviewingDispatcher extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

  private final Dispatcher next;
  private final Map<String, User> tokens = new ConcurrentHashMap<>();
  private final Set<String> grants = ConcurrentHashMap.newKeySet();

  /** TokenReviews answered. */
  public final AtomicInteger tokenReviews = new AtomicInteger();

  /** SubjectAccessReviews answered (failed ones too). */
  public final AtomicInteger accessReviews = new AtomicInteger();

  /** While set, SubjectAccessReviews fail as an overloaded API server's would. */
  public final AtomicBoolean accessReviewsFail = new AtomicBoolean();

  private record User(String name, List<String> groups) {}

  /**
   * @param next answers every request that is not a review (CRUD, pod exec)
   */
  public ReviewingDispatcher(Dispatcher next) {
    this.next = next;
  }

  /** A token TokenReview accepts, as the user with these groups. */
  public void acceptToken(String token, String user, List<String> groups) {
    tokens.put(token, new User(user, List.copyOf(groups)));
  }

  /** RBAC: the user may {@code use} the policy. */
  public void grantUse(String user, String policy) {
    grants.add(user + "\n" + policy);
  }

  public void revokeUse(String user, String policy) {
    grants.remove(user + "\n" + policy);
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
    tokenReviews.incrementAndGet();
    User user = tokens.get(body.path("spec").path("token").asText(""));
    TokenReview answer =
        new TokenReviewBuilder()
            .withApiVersion("authentication.k8s.io/v1")
            .withKind("TokenReview")
            .withNewStatus()
            .withAuthenticated(user != null)
            .withNewUser()
            .withUsername(user == null ? null : user.name())
            .withGroups(user == null ? List.of() : user.groups())
            .endUser()
            .endStatus()
            .build();
    return json(201, Serialization.asJson(answer));
  }

  private MockResponse accessReview(JsonNode spec) {
    accessReviews.incrementAndGet();
    if (accessReviewsFail.get()) {
      return json(
          500,
          "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500,"
              + "\"message\":\"etcdserver: request timed out\"}");
    }
    JsonNode attributes = spec.path("resourceAttributes");
    boolean allowed =
        "use".equals(attributes.path("verb").asText())
            && ApiGroup.GROUP.equals(attributes.path("group").asText())
            && "itmcppolicies".equals(attributes.path("resource").asText())
            && grants.contains(
                spec.path("user").asText() + "\n" + attributes.path("name").asText());
    SubjectAccessReview answer =
        new SubjectAccessReviewBuilder()
            .withApiVersion("authorization.k8s.io/v1")
            .withKind("SubjectAccessReview")
            .withNewStatus()
            .withAllowed(allowed)
            .withReason(allowed ? "RBAC: allowed by RoleBinding to itmcp-policy-user" : null)
            .endStatus()
            .build();
    return json(201, Serialization.asJson(answer));
  }

  private static JsonNode parse(RecordedRequest request) {
    try {
      return JSON.readTree(request.getUtf8Body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }
}
