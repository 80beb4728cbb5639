package io.itmcp.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.itmcp.e2e.node.PodExecDispatcher;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.kubernetes.DeadlineArgv;
import io.itmcp.testkit.kubernetes.MockApiServers;
import io.itmcp.testkit.kubernetes.ReviewingDispatcher;
import io.itmcp.testkit.sandbox.DeadlineWrapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kubernetes API stand-in for the cluster path: fabric8's mock API server in CRUD mode knowing
 * both ITMCP kinds ({@link MockApiServers}), plus what CRUD cannot answer ({@link
 * ReviewingDispatcher} and pod exec) —
 *
 * <ul>
 *   <li>TokenReview: tokens the test registers authenticate as their identity, others do not;
 *   <li>SubjectAccessReview: verb {@code use} on {@code itmcppolicies/NAME} is allowed for the
 *       (user, policy) pairs the test grants (as a RoleBinding to itmcp-policy-user would);
 *   <li>pod exec: the e2e node's websocket framing ({@link PodExecDispatcher}) with the argv run on
 *       this machine by ProcessBuilder, for pods that exist and run; the image's deadline wrapper
 *       that heads each argv is the same source compiled here ({@link DeadlineWrapper}).
 * </ul>
 */
final class ClusterApi implements AutoCloseable {
  final KubernetesMockServer server;

  /** The test's own client (the view of kubectl). */
  final KubernetesClient client;

  private final ReviewingDispatcher reviews;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  final AtomicInteger tokenReviews;
  final AtomicInteger accessReviews;
  final AtomicInteger execs = new AtomicInteger();

  /** While set, SubjectAccessReviews fail as an overloaded API server's would. */
  final AtomicBoolean accessReviewsFail;

  ClusterApi() {
    // compiled here, not in the dispatcher: that runs on the mock server's event loop
    String deadlineWrapper = DeadlineWrapper.binary().toString();
    reviews =
        new ReviewingDispatcher(
            new PodExecDispatcher(
                MockApiServers.crud(),
                // answered from memory: a request to this server from inside its dispatcher would
                // block its event loop
                (pod, container) -> running.contains(pod) ? Optional.of(pod) : Optional.empty(),
                (target, command) -> {
                  execs.incrementAndGet();
                  List<String> argv = new ArrayList<>(command);
                  if (argv.get(0).equals(DeadlineArgv.PROGRAM)) {
                    argv.set(0, deadlineWrapper);
                  }
                  return argv;
                }));
    tokenReviews = reviews.tokenReviews;
    accessReviews = reviews.accessReviews;
    accessReviewsFail = reviews.accessReviewsFail;
    server = MockApiServers.start(reviews);
    client = server.createClient();
  }

  /** Pods ("ns/name") the kubelet runs: exec is served for these only. */
  Set<String> runningPods() {
    return running;
  }

  /** A token TokenReview accepts, as the identity. */
  void acceptToken(String token, Identity identity) {
    reviews.acceptToken(token, identity.user(), identity.groups());
  }

  /** RBAC: the user may {@code use} the policy. */
  void grantUse(String user, String policy) {
    reviews.grantUse(user, policy);
  }

  void revokeUse(String user, String policy) {
    reviews.revokeUse(user, policy);
  }

  /** A client of the API as another process (the gateway, the operator) would have. */
  KubernetesClient newClient() {
    return server.createClient();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
