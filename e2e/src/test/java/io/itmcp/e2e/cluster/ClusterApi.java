package io.itmcp.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.itmcp.api.v1alpha1.ApiGroup;
import io.itmcp.e2e.node.PodExecDispatcher;
import io.itmcp.gateway.auth.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kubernetes API stand-in for the cluster path: fabric8's mock API server in CRUD mode knowing
 * both ITMCP kinds, plus what CRUD cannot answer —
 * <ul>
 *   <li>TokenReview: tokens the test registers authenticate as their identity, others do not;</li>
 *   <li>SubjectAccessReview: verb {@code use} on {@code itmcppolicies/NAME} is allowed for the
 *       (user, policy) pairs the test grants (as a RoleBinding to itmcp-policy-user would);</li>
 *   <li>pod exec: the e2e node's websocket framing ({@link PodExecDispatcher}) with the argv run on
 *       this machine by ProcessBuilder, for pods that exist and run.</li>
 * </ul>
 */
final class ClusterApi implements AutoCloseable {
  /** Held so the level sticks: the mock logs every request through java.util.logging at INFO. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

  final KubernetesMockServer server;
  /** The test's own client (the view of kubectl). */
  final KubernetesClient client;
  private final Map<String, Identity> tokens = new ConcurrentHashMap<>();
  private final Set<String> grants = ConcurrentHashMap.newKeySet();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  final AtomicInteger tokenReviews = new AtomicInteger();
  final AtomicInteger accessReviews = new AtomicInteger();
  final AtomicInteger execs = new AtomicInteger();
  /** While set, SubjectAccessReviews fail as an overloaded API server's would. */
  final java.util.concurrent.atomic.AtomicBoolean accessReviewsFail = new java.util.concurrent.atomic.AtomicBoolean();

  ClusterApi() {
    Dispatcher crudWithExec = new PodExecDispatcher(new KubernetesCrudDispatcher(List.of(
        crd("itmcpsessions", "ItmcpSession"), crd("itmcppolicies", "ItmcpPolicy"))),
        // answered from memory: a request to this server from inside its dispatcher would block its event loop
        (pod, container) -> running.contains(pod) ? Optional.of(pod) : Optional.empty(),
        (target, command) -> {
          execs.incrementAndGet();
          return command;
        });
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            if ("POST".equals(request.getMethod()) && path.startsWith(TOKEN_REVIEWS)) {
              return tokenReview(request);
            }
            if ("POST".equals(request.getMethod()) && path.startsWith(ACCESS_REVIEWS)) {
              return accessReview(request);
            }
            return crudWithExec.dispatch(request);
          }
        }, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
  }

  private static CustomResourceDefinitionContext crd(String plural, String kind) {
    return new CustomResourceDefinitionContext.Builder()
        .withName(plural + "." + ApiGroup.GROUP).withGroup(ApiGroup.GROUP).withVersion(ApiGroup.VERSION)
        .withPlural(plural).withKind(kind).withScope("Namespaced").withStatusSubresource(true).build();
  }

  /** Pods ("ns/name") the kubelet runs: exec is served for these only. */
  Set<String> runningPods() {
    return running;
  }

  /** A token TokenReview accepts, as the identity. */
  void acceptToken(String token, Identity identity) {
    tokens.put(token, identity);
  }

  /** RBAC: the user may {@code use} the policy. */
  void grantUse(String user, String policy) {
    grants.add(user + "\n" + policy);
  }

  void revokeUse(String user, String policy) {
    grants.remove(user + "\n" + policy);
  }

  /** A client of the API as another process (the gateway, the operator) would have. */
  KubernetesClient newClient() {
    return server.createClient();
  }

  private MockResponse tokenReview(RecordedRequest request) {
    tokenReviews.incrementAndGet();
    JsonNode body = parse(request);
    String token = body.path("spec").path("token").asText("");
    Identity identity = tokens.get(token);
    TokenReview answer = new TokenReviewBuilder().withApiVersion("authentication.k8s.io/v1").withKind("TokenReview")
        .withNewStatus().withAuthenticated(identity != null)
        .withNewUser().withUsername(identity == null ? null : identity.user())
        .withGroups(identity == null ? List.of() : identity.groups()).endUser()
        .endStatus().build();
    return json(201, Serialization.asJson(answer));
  }

  private MockResponse accessReview(RecordedRequest request) {
    accessReviews.incrementAndGet();
    if (accessReviewsFail.get()) {
      return json(500, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500,"
          + "\"message\":\"etcdserver: request timed out\"}");
    }
    JsonNode spec = parse(request).path("spec");
    JsonNode attributes = spec.path("resourceAttributes");
    boolean allowed = "use".equals(attributes.path("verb").asText())
        && ApiGroup.GROUP.equals(attributes.path("group").asText())
        && "itmcppolicies".equals(attributes.path("resource").asText())
        && grants.contains(spec.path("user").asText() + "\n" + attributes.path("name").asText());
    SubjectAccessReview answer = new SubjectAccessReviewBuilder().withApiVersion("authorization.k8s.io/v1")
        .withKind("SubjectAccessReview").withNewStatus().withAllowed(allowed)
        .withReason(allowed ? "RBAC: allowed by RoleBinding to itmcp-policy-user" : null).endStatus().build();
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
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
