package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.api.v1alpha1.WarmPoolSpec;
import io.itmcp.api.v1alpha1.WarmPoolStatus;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.WarmPoolSettings;
import io.itmcp.operator.dns.Resolution;
import io.itmcp.operator.render.WarmPoolPodRenderer;
import io.itmcp.operator.runtime.OperatorRuntime;
import io.itmcp.testkit.kubernetes.FakeKubelet;
import io.itmcp.testkit.time.AheadClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm pool end to end on fabric8's mock API server and the fake kubelet: fill, claim (the
 * session's NetworkPolicy first), refill, no pod claimed twice, replacement only on a pod-changing
 * edit, no duplicates after a restart, the operator-wide maximum and the policy's session limits.
 */
class WarmPoolMockTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String NS = Fixtures.NAMESPACE;

  MockCluster cluster;
  KubernetesClient client;
  FakeKubelet kubelet;
  OperatorRuntime operator;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client();
    kubelet = new FakeKubelet(client);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    kubelet.close();
    cluster.close();
  }

  void startOperator(int maxPods) {
    startOperator(WarmPoolSettings.refillingAtOnce(maxPods), Clock.systemUTC());
  }

  void startOperator(WarmPoolSettings settings, Clock clock) {
    operator =
        new OperatorRuntime(
                client,
                SessionLifecycleMockTest.options(),
                settings,
                name -> Resolution.failed("NXDOMAIN"),
                clock)
            .start();
  }

  ItmcpPolicy createPolicy(String name, int poolSize, Consumer<ItmcpPolicy> edit) {
    ItmcpPolicy policy = Fixtures.policy(name, List.of("192.0.2.7:22"));
    WarmPoolSpec pool = new WarmPoolSpec();
    pool.setSize(poolSize);
    policy.getSpec().getSandbox().setWarmPool(pool);
    edit.accept(policy);
    return client.resource(policy).create();
  }

  ItmcpPolicy policy(String name) {
    return client.resources(ItmcpPolicy.class).inNamespace(NS).withName(name).get();
  }

  /** Edits the spec, retrying when the operator wrote the status in between (409). */
  ItmcpPolicy editPolicy(String name, Consumer<ItmcpPolicy> edit) {
    AtomicReference<ItmcpPolicy> edited = new AtomicReference<>();
    eventually()
        .until(
            () -> {
              edited.set(
                  client
                      .resources(ItmcpPolicy.class)
                      .inNamespace(NS)
                      .withName(name)
                      .edit(
                          p -> {
                            edit.accept(p);
                            return p;
                          }));
              return true;
            });
    return edited.get();
  }

  static ConditionFactory eventually() {
    return await().atMost(WAIT).ignoreExceptions();
  }

  void createSession(String name, String policy, String user) {
    client.resource(Fixtures.session(name, policy, user)).create();
  }

  ItmcpSession session(String name) {
    return client.resources(ItmcpSession.class).inNamespace(NS).withName(name).get();
  }

  List<Pod> poolPods(String policy) {
    return client
        .pods()
        .inNamespace(NS)
        .withLabel(WarmPoolPodRenderer.POOL_LABEL, policy)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  Set<String> readyPoolPodNames(String policy) {
    return poolPods(policy).stream()
        .filter(p -> PodState.of(p).ready())
        .map(p -> p.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  Set<String> awaitReadyPool(String policy, int size) {
    eventually()
        .untilAsserted(
            () -> {
              assertThat(poolPods(policy)).hasSize(size);
              assertThat(readyPoolPodNames(policy)).hasSize(size);
            });
    return readyPoolPodNames(policy);
  }

  WarmPoolStatus awaitPoolStatus(String policy, int ready, int refilling, int claimed) {
    eventually()
        .untilAsserted(
            () -> {
              WarmPoolStatus status = policy(policy).getStatus().getWarmPool();
              assertThat(status).isNotNull();
              assertThat(List.of(status.getReady(), status.getRefilling(), status.getClaimed()))
                  .as("ready, refilling, claimed")
                  .containsExactly(ready, refilling, claimed);
            });
    return policy(policy).getStatus().getWarmPool();
  }

  void awaitPhase(String name, SessionPhase phase) {
    eventually()
        .untilAsserted(
            () -> {
              ItmcpSession s = session(name);
              assertThat(s.getStatus()).isNotNull();
              assertThat(s.getStatus().getPhase()).isEqualTo(phase);
            });
  }

  List<String> eventReasons(String involved) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  @Test
  void aSessionClaimsAReadyPoolPodOnlyAfterItsOwnNetworkPolicyIsWritten() {
    startOperator(20);
    createPolicy("netops", 2, p -> {});
    Set<String> pool = awaitReadyPool("netops", 2);
    NetworkPolicy denyAll =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(NS)
            .withName("itmcp-warm-pool-netops")
            .get();
    assertThat(denyAll.getSpec().getPodSelector().getMatchLabels())
        .containsEntry(WarmPoolPodRenderer.POOL_LABEL, "netops");
    assertThat(denyAll.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(denyAll.getSpec().getEgress()).isNullOrEmpty();
    assertThat(poolPods("netops"))
        .allSatisfy(
            p -> {
              assertThat(p.getMetadata().getLabels())
                  .doesNotContainKey(SessionContract.SESSION_LABEL);
              assertThat(p.getSpec().getActiveDeadlineSeconds()).isNull();
            });
    awaitPoolStatus("netops", 2, 0, 0);

    // Every pod version that carries the session's label, with the session's NetworkPolicy as it
    // was then.
    Map<String, Optional<NetworkPolicy>> egressWhenLabelled = new ConcurrentHashMap<>();
    try (Watch watch =
        client
            .pods()
            .inNamespace(NS)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    if ("s1"
                        .equals(pod.getMetadata().getLabels().get(SessionContract.SESSION_LABEL))) {
                      egressWhenLabelled.putIfAbsent(
                          pod.getMetadata().getResourceVersion(),
                          Optional.ofNullable(
                              client
                                  .network()
                                  .v1()
                                  .networkPolicies()
                                  .inNamespace(NS)
                                  .withName("s1-egress")
                                  .get()));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      createSession("s1", "netops", "alice");
      awaitPhase("s1", SessionPhase.Ready);
      eventually().until(() -> !egressWhenLabelled.isEmpty());
    }

    ItmcpSession s1 = session("s1");
    assertThat(pool).contains(s1.getStatus().getPodName());
    Pod claimed = client.pods().inNamespace(NS).withName(s1.getStatus().getPodName()).get();
    assertThat(claimed.getMetadata().getLabels())
        .containsEntry(SessionContract.SESSION_LABEL, "s1")
        .containsEntry(WarmPoolPodRenderer.CLAIMED_LABEL, "true")
        .doesNotContainKey(WarmPoolPodRenderer.POOL_LABEL);
    assertThat(claimed.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(s1.getMetadata().getUid()));
    assertThat(claimed.getSpec().getActiveDeadlineSeconds()).isBetween(3000L, 3700L);
    // The session's NetworkPolicy existed, and was older than the pod's relabelling, at every
    // labelled version.
    String firstLabelled =
        egressWhenLabelled.keySet().stream()
            .min((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)))
            .get();
    NetworkPolicy egress =
        egressWhenLabelled
            .get(firstLabelled)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "pod carried the session label before the session's NetworkPolicy existed"));
    assertThat(Long.parseLong(egress.getMetadata().getResourceVersion()))
        .isLessThan(Long.parseLong(firstLabelled));
    assertThat(egress.getSpec().getPodSelector().getMatchLabels())
        .containsEntry(SessionContract.SESSION_LABEL, "s1");
    eventually()
        .untilAsserted(
            () ->
                assertThat(eventReasons("s1"))
                    .contains("ClaimedFromWarmPool", "Ready")
                    .doesNotContain("PodCreated"));

    // The pool refills to its size with a new pod, and counts the claimed one.
    Set<String> refilled = awaitReadyPool("netops", 2);
    assertThat(refilled).doesNotContain(s1.getStatus().getPodName());
    awaitPoolStatus("netops", 2, 0, 1);
    eventually()
        .untilAsserted(() -> assertThat(eventReasons("netops")).contains("WarmPoolRefilled"));
  }

  @Test
  void aClaimsReplacementWaitsForTheRefillDelayOnTheOperatorsClock() {
    // a delay far longer than the test: only the operator's clock moving past it refills
    AheadClock clock = new AheadClock();
    startOperator(new WarmPoolSettings(20, Duration.ofMinutes(10)), clock);
    createPolicy("netops", 2, p -> {});
    awaitReadyPool("netops", 2);
    awaitPoolStatus("netops", 2, 0, 0);

    createSession("s1", "netops", "alice");
    awaitPhase("s1", SessionPhase.Ready);
    Pod claimed =
        client.pods().inNamespace(NS).withName(session("s1").getStatus().getPodName()).get();
    assertThat(claimed.getMetadata().getAnnotations())
        .containsKey(WarmPoolPodRenderer.CLAIMED_AT_ANNOTATION);
    // The status written after the claim counts the missing pod as refilling; the reconciliation
    // that wrote it creates its pods before its status, so none was created.
    awaitPoolStatus("netops", 1, 1, 1);
    assertThat(poolPods("netops")).hasSize(1);
    assertThat(eventReasons("netops")).containsOnlyOnce("WarmPoolRefilled");

    // Once the operator's clock is past the delay, the next look at the policy (here: an
    // egress-only edit, which leaves the pool's pods alone) refills.
    clock.setAhead(Duration.ofMinutes(11));
    editPolicy("netops", p -> p.getSpec().setAllowedHosts(List.of("192.0.2.8:443")));
    awaitReadyPool("netops", 2);
    awaitPoolStatus("netops", 2, 0, 1);
  }

  @Test
  void theFirstFillIsNotHeldOffByTheRefillDelay() {
    startOperator(new WarmPoolSettings(20, Duration.ofMinutes(10)), Clock.systemUTC());
    createPolicy("netops", 2, p -> {});
    awaitReadyPool("netops", 2);
    awaitPoolStatus("netops", 2, 0, 0);
  }

  @Test
  void sessionsCreatedAtOnceNeverShareAPodAndTheRestStartCold() {
    startOperator(20);
    createPolicy("netops", 3, p -> {});
    Set<String> pool = awaitReadyPool("netops", 3);
    List<String> names = IntStream.range(0, 6).mapToObj(i -> "b" + i).toList();
    names.parallelStream().forEach(n -> createSession(n, "netops", "user-" + n));
    names.forEach(n -> awaitPhase(n, SessionPhase.Ready));

    Map<String, String> podOf =
        names.stream().collect(Collectors.toMap(n -> n, n -> session(n).getStatus().getPodName()));
    assertThat(Set.copyOf(podOf.values())).hasSize(names.size());
    for (String n : names) {
      Pod pod = client.pods().inNamespace(NS).withName(podOf.get(n)).get();
      assertThat(pod.getMetadata().getLabels()).containsEntry(SessionContract.SESSION_LABEL, n);
      assertThat(pod.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(session(n).getMetadata().getUid()));
    }
    // Of the three pods ready at the start, one to three were claimed; a pod the pool refilled
    // during
    // the burst may be claimed too once ready; the others started as without a pool
    // (<session>-sandbox).
    assertThat(podOf.values().stream().filter(pool::contains).count()).isBetween(1L, 3L);
    long fromPool = podOf.values().stream().filter(p -> !p.endsWith("-sandbox")).count();
    assertThat(fromPool).isBetween(1L, (long) names.size());
    // the metrics say the same: the claimed pods and a pool refilled to its target
    awaitReadyPool("netops", 3);
    eventually()
        .untilAsserted(
            () ->
                assertThat(operator.metrics().scrape())
                    .contains("itmcp_operator_warm_pool_pods{state=\"target\"} 3.0")
                    .contains("itmcp_operator_warm_pool_pods{state=\"ready\"} 3.0")
                    .contains(
                        "itmcp_operator_warm_pool_pods{state=\"claimed\"} " + fromPool + ".0"));
  }

  @Test
  void aClaimFromAStaleReadLosesToTheClaimBeforeIt() {
    startOperator(20);
    createPolicy("netops", 1, p -> {});
    String name = awaitReadyPool("netops", 1).iterator().next();
    Pod stale = client.pods().inNamespace(NS).withName(name).get();
    Pod asFirst = WarmPool.adopt(stale, sessionPod("x1", "uid-x1"), Instant.now());
    Pod asSecond = WarmPool.adopt(stale, sessionPod("x2", "uid-x2"), Instant.now());
    client.pods().inNamespace(NS).resource(asFirst).update();
    assertThatThrownBy(() -> client.pods().inNamespace(NS).resource(asSecond).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(client.pods().inNamespace(NS).withName(name).get().getMetadata().getLabels())
        .containsEntry(SessionContract.SESSION_LABEL, "x1");
  }

  private static Pod sessionPod(String session, String uid) {
    return new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata()
        .withName(session + "-sandbox")
        .addToLabels(SessionContract.SESSION_LABEL, session)
        .addNewOwnerReference()
        .withKind("ItmcpSession")
        .withName(session)
        .withUid(uid)
        .withController(true)
        .withApiVersion("itmcp.io/v1alpha1")
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withActiveDeadlineSeconds(600L)
        .endSpec()
        .build();
  }

  @Test
  void aPodChangingEditReplacesTheIdlePoolButNotClaimedPods() {
    startOperator(20);
    createPolicy("netops", 2, p -> {});
    awaitReadyPool("netops", 2);
    createSession("s1", "netops", "alice");
    awaitPhase("s1", SessionPhase.Ready);
    Set<String> before = awaitReadyPool("netops", 2);
    String claimed = session("s1").getStatus().getPodName();

    editPolicy(
        "netops",
        p ->
            p.getSpec()
                .getSandbox()
                .setResources(
                    new ResourceRequirementsBuilder()
                        .addToLimits("memory", new Quantity("128Mi"))
                        .build()));

    eventually()
        .untilAsserted(
            () -> {
              Set<String> now = readyPoolPodNames("netops");
              assertThat(now).hasSize(2).doesNotContainAnyElementsOf(before);
              assertThat(poolPods("netops"))
                  .allSatisfy(
                      p ->
                          assertThat(p.getSpec().getContainers().get(0).getResources().getLimits())
                              .containsEntry("memory", new Quantity("128Mi")));
            });
    assertThat(client.pods().inNamespace(NS).withName(claimed).get()).isNotNull();
    assertThat(session("s1").getStatus().getPhase()).isEqualTo(SessionPhase.Ready);
    eventually()
        .untilAsserted(() -> assertThat(eventReasons("netops")).contains("WarmPoolReplaced"));
  }

  @Test
  void anEgressOnlyEditKeepsTheIdlePool() {
    startOperator(20);
    createPolicy("netops", 2, p -> {});
    Set<String> before = awaitReadyPool("netops", 2);

    long generation =
        editPolicy("netops", p -> p.getSpec().setAllowedHosts(List.of("192.0.2.8:443")))
            .getMetadata()
            .getGeneration();

    eventually().until(() -> generation == policy("netops").getStatus().getObservedGeneration());
    assertThat(readyPoolPodNames("netops")).isEqualTo(before);
    assertThat(eventReasons("netops")).doesNotContain("WarmPoolReplaced");
  }

  @Test
  void anOperatorRestartedWithAPoolInPlaceCreatesNoDuplicates() {
    startOperator(20);
    createPolicy("netops", 3, p -> {});
    Set<String> before = awaitReadyPool("netops", 3);
    operator.close();

    operator =
        new OperatorRuntime(
                cluster.newClient(),
                SessionLifecycleMockTest.options(),
                WarmPoolSettings.refillingAtOnce(20),
                name -> Resolution.failed("NXDOMAIN"),
                Clock.systemUTC())
            .start();
    long generation =
        editPolicy("netops", p -> p.getSpec().setAllowedHosts(List.of("192.0.2.9:22")))
            .getMetadata()
            .getGeneration();
    eventually().until(() -> generation == policy("netops").getStatus().getObservedGeneration());
    assertThat(poolPods("netops"))
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void theOperatorWideMaximumCapsAllPoolsAndPoolPodsTakeNoSessionPlace() {
    startOperator(3);
    createPolicy("alpha", 2, p -> p.getSpec().getLimits().setMaxSessions(1));
    createPolicy("beta", 2, p -> {});
    eventually()
        .untilAsserted(
            () -> {
              assertThat(poolPods("alpha").size() + poolPods("beta").size()).isEqualTo(3);
              WarmPoolStatus a = policy("alpha").getStatus().getWarmPool();
              WarmPoolStatus b = policy("beta").getStatus().getWarmPool();
              assertThat(a.getTarget() + b.getTarget()).isEqualTo(3);
              assertThat(a.getReady() + b.getReady()).isEqualTo(3);
            });

    // Pool pods are no sessions: the one place of policy a is free for a session, which then fills
    // it.
    eventually().until(() -> !poolPods("alpha").isEmpty());
    createSession("a1", "alpha", "alice");
    awaitPhase("a1", SessionPhase.Ready);
    assertThat(session("a1").getStatus().getPodName()).doesNotEndWith("-sandbox");
    createSession("a2", "alpha", "bob");
    awaitPhase("a2", SessionPhase.Failed);
    assertThat(session("a2").getStatus().getMessage()).contains("maxSessions");
    assertThat(session("a2").getStatus().getPodName()).isNull();
    eventually()
        .untilAsserted(
            () -> {
              assertThat(policy("alpha").getStatus().getWarmPool().getClaimed()).isEqualTo(1);
              assertThat(poolPods("alpha").size() + poolPods("beta").size()).isEqualTo(3);
            });
  }

  @Test
  void withNoPoolASessionStartsItsOwnPodAsBefore() {
    startOperator(20);
    createPolicy("netops", 0, p -> {});
    createSession("s1", "netops", "alice");
    awaitPhase("s1", SessionPhase.Ready);
    assertThat(session("s1").getStatus().getPodName()).isEqualTo("s1-sandbox");
    assertThat(poolPods("netops")).isEmpty();
    assertThat(
            client
                .network()
                .v1()
                .networkPolicies()
                .inNamespace(NS)
                .withName("itmcp-warm-pool-netops")
                .get())
        .isNull();
    assertThat(eventReasons("s1")).contains("PodCreated").doesNotContain("ClaimedFromWarmPool");
  }
}
