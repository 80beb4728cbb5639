package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.dns.Resolution;
import io.itmcp.operator.runtime.OperatorRuntime;
import io.itmcp.testkit.kubernetes.FakeKubelet;
import io.itmcp.testkit.time.AheadClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator end to end against fabric8's mock API server (CRUD mode, server-side apply off) and
 * a fake kubelet: creation to Ready, TTL and idle expiry, policy change and deletion, DNS change,
 * pod loss and failure, quotas, and an operator restart.
 */
class SessionLifecycleMockTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String NS = Fixtures.NAMESPACE;

  MockCluster cluster;
  KubernetesClient client;
  FakeKubelet kubelet;
  OperatorRuntime operator;
  final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();

  static OperatorOptions options() {
    return OperatorOptions.builder()
        .leaderElection(false)
        .egressMode(EgressMode.NETWORK_POLICY)
        .httpPort(0)
        .dnsTtl(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1))
        .build();
  }

  OperatorRuntime startOperator(KubernetesClient with) {
    return startOperator(with, Clock.systemUTC());
  }

  OperatorRuntime startOperator(KubernetesClient with, Clock clock) {
    return new OperatorRuntime(
            with,
            options(),
            name ->
                Optional.ofNullable(dns.get(name))
                    .map(a -> Resolution.of(a, Optional.empty()))
                    .orElse(Resolution.failed("NXDOMAIN")),
            clock)
        .start();
  }

  @BeforeEach
  void start() throws UnknownHostException {
    dns.put("db.example.com", List.of(InetAddress.getByName("192.0.2.10")));
    cluster = new MockCluster();
    client = cluster.client();
    kubelet = new FakeKubelet(client);
    operator = startOperator(client);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    kubelet.close();
    cluster.close();
  }

  ItmcpPolicy createPolicy(String name, List<String> hosts) {
    return client.resource(Fixtures.policy(name, hosts)).create();
  }

  ItmcpSession createSession(String name, String policy, String user) {
    return client.resource(Fixtures.session(name, policy, user)).create();
  }

  ItmcpSession session(String name) {
    return client.resources(ItmcpSession.class).inNamespace(NS).withName(name).get();
  }

  Pod pod(String session) {
    return client.pods().inNamespace(NS).withName(session + "-sandbox").get();
  }

  NetworkPolicy networkPolicy(String session) {
    return client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(NS)
        .withName(session + "-egress")
        .get();
  }

  static List<String> cidrs(NetworkPolicy np) {
    return np.getSpec().getEgress().stream()
        .flatMap(r -> r.getTo().stream())
        .filter(p -> p.getIpBlock() != null)
        .map(p -> p.getIpBlock().getCidr())
        .toList();
  }

  List<String> eventReasons(String session) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> session.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  static ConditionFactory eventually() {
    return await().atMost(WAIT).ignoreExceptions();
  }

  void awaitPhase(String name, SessionPhase phase) {
    eventually()
        .untilAsserted(
            () -> {
              ItmcpSession s = session(name);
              assertThat(s).isNotNull();
              assertThat(s.getStatus()).isNotNull();
              assertThat(s.getStatus().getPhase()).isEqualTo(phase);
            });
  }

  @Test
  void aSessionBecomesAReadySandboxWithItsNetworkPolicy() {
    createPolicy("netops", List.of("db.example.com", "192.0.2.7:22", "*.corp.example.com"));
    createSession("s1", "netops", "alice");
    awaitPhase("s1", SessionPhase.Ready);

    ItmcpSession s = session("s1");
    assertThat(s.getStatus().getPodName()).isEqualTo("s1-sandbox");
    assertThat(s.getStatus().getPodIP()).startsWith("10.244.0.");
    assertThat(s.getStatus().getExpiresAt()).isNotNull();
    assertThat(s.getStatus().getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .contains("PolicyResolved=True", "EgressReady=True", "PodReady=True", "Ready=True");
    assertThat(s.getStatus().getEgress().getMode()).isEqualTo("network-policy");
    assertThat(s.getStatus().getEgress().getNotGranted())
        .extracting(r -> r.getEntry())
        .containsExactly("*.corp.example.com");
    assertThat(s.getMetadata().getFinalizers()).contains(SessionContract.FINALIZER);
    assertThat(pod("s1").getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(s.getMetadata().getUid()));
    eventually()
        .untilAsserted(
            () -> assertThat(cidrs(networkPolicy("s1"))).contains("192.0.2.10/32", "192.0.2.7/32"));
    eventually()
        .untilAsserted(() -> assertThat(eventReasons("s1")).contains("PodCreated", "Ready"));
    eventually()
        .untilAsserted(
            () -> {
              ItmcpPolicy p =
                  client.resources(ItmcpPolicy.class).inNamespace(NS).withName("netops").get();
              assertThat(p.getStatus().getActiveSessions()).isEqualTo(1);
              assertThat(p.getStatus().getResolvedHosts())
                  .singleElement()
                  .satisfies(h -> assertThat(h.getAddresses()).containsExactly("192.0.2.10"));
            });
  }

  void awaitGone(String name) {
    eventually()
        .untilAsserted(
            () -> {
              assertThat(session(name)).isNull();
              assertThat(pod(name)).isNull();
              assertThat(networkPolicy(name)).isNull();
            });
  }

  @Test
  void theTtlEndsTheSessionAndTheFinalizerRemovesPodAndNetworkPolicy() {
    // The shortest TTL the CRD admits is 60 s: the operator runs 57 s ahead instead of waiting.
    operator.close();
    operator = startOperator(client, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(57)));
    createPolicy("netops", List.of("192.0.2.7"));
    ItmcpSession s = Fixtures.session("short", "netops", "alice");
    s.getSpec().setTtlSeconds(60L);
    client.resource(s).create();
    // the session lives about 3 s of real time: its pod (made before Ready, removed last) is
    // watched for, not the Ready phase in between, which a busy machine's poll can miss; that it
    // was Ready is read from its events, which outlive it
    Pod created = eventually().until(() -> pod("short"), Objects::nonNull);
    assertThat(created.getSpec().getActiveDeadlineSeconds()).isBetween(1L, 3L);
    awaitGone("short");
    assertThat(eventReasons("short")).contains("Ready", "Expired", "Deleted");
  }

  @Test
  void anIdleSessionEndsAndReportedActivityKeepsItAlive() {
    // The shortest idle timeout the policy admits is 30 s: the operator runs 26 s ahead, so a fresh
    // session is 4 s of real time from its idle deadline, and activity reported 9 s after creation
    // (in the operator's past) moves the busy session's deadline 9 s later than that.
    operator.close();
    AheadClock clock = new AheadClock(Duration.ofSeconds(26));
    operator = startOperator(client, clock);
    ItmcpPolicy policy = Fixtures.policy("netops", List.of("192.0.2.7"));
    policy.getSpec().getSandbox().setIdleTimeoutSeconds(30L); // the policy engine's minimum
    client.resource(policy).create();
    ItmcpSession busy = createSession("busy", "netops", "alice");
    createSession("idle", "netops", "bob");
    Instant reported = Instant.parse(busy.getMetadata().getCreationTimestamp()).plusSeconds(9);
    // the operator writes the session's status meanwhile: an edit that meets its write (409) is
    // tried again
    eventually()
        .until(
            () ->
                client
                        .resources(ItmcpSession.class)
                        .inNamespace(NS)
                        .withName("busy")
                        .edit(
                            x -> {
                              x.getMetadata()
                                  .getAnnotations()
                                  .put(
                                      SessionContract.LAST_ACTIVITY_ANNOTATION,
                                      reported.toString());
                              return x;
                            })
                    != null);

    eventually().untilAsserted(() -> assertThat(session("idle")).isNull());
    assertThat(eventReasons("idle")).contains("IdleTimeout");
    assertThat(session("busy")).isNotNull();
    assertThat(session("busy").getStatus().getPhase()).isEqualTo(SessionPhase.Ready);
    assertThat(session("busy").getStatus().getLastActivityTime()).isEqualTo(reported.toString());
    // Instead of 9 s of real time: the operator's clock moves past the busy session's moved
    // deadline, and a change to its pod (as a kubelet's status report would be) has the operator
    // look at it before the timer it set for that deadline. That the next look is set just past
    // the moved deadline: SessionAdmissionTest; that the operator's own timer ends a session at
    // its deadline: the idle session above and the TTL test.
    clock.setAhead(Duration.ofSeconds(26 + 9 + 1));
    eventually()
        .until(
            () ->
                client
                        .pods()
                        .inNamespace(NS)
                        .withName("busy-sandbox")
                        .edit(
                            p -> {
                              p.getMetadata()
                                  .getAnnotations()
                                  .put("test/nudge", "after-clock-move");
                              return p;
                            })
                    != null);
    eventually().untilAsserted(() -> assertThat(session("busy")).isNull());
    assertThat(eventReasons("busy")).contains("IdleTimeout");
  }

  @Test
  void aPolicyChangeReRendersTheNetworkPolicyOfLiveSessions() {
    createPolicy("netops", List.of("192.0.2.7"));
    createSession("s1", "netops", "alice");
    awaitPhase("s1", SessionPhase.Ready);
    String podUid = pod("s1").getMetadata().getUid();
    eventually()
        .until(
            () ->
                client
                        .resources(ItmcpPolicy.class)
                        .inNamespace(NS)
                        .withName("netops")
                        .edit(
                            p -> {
                              p.getSpec()
                                  .setAllowedHosts(List.of("192.0.2.8:443", "2001:db8::/64"));
                              return p;
                            })
                    != null);
    eventually()
        .untilAsserted(
            () ->
                assertThat(cidrs(networkPolicy("s1")))
                    .contains("192.0.2.8/32", "2001:db8::/64")
                    .doesNotContain("192.0.2.7/32"));
    eventually().untilAsserted(() -> assertThat(eventReasons("s1")).contains("EgressUpdated"));
    assertThat(pod("s1").getMetadata().getUid()).isEqualTo(podUid);
  }

  @Test
  void aChangedDnsAnswerIsPickedUpAfterTheTtl() throws UnknownHostException {
    createPolicy("netops", List.of("db.example.com"));
    createSession("s1", "netops", "alice");
    awaitPhase("s1", SessionPhase.Ready);
    eventually()
        .untilAsserted(() -> assertThat(cidrs(networkPolicy("s1"))).contains("192.0.2.10/32"));
    dns.put(
        "db.example.com",
        List.of(InetAddress.getByName("192.0.2.11"), InetAddress.getByName("2001:db8::11")));
    eventually()
        .untilAsserted(
            () ->
                assertThat(cidrs(networkPolicy("s1")))
                    .containsExactlyInAnyOrder("192.0.2.11/32", "2001:db8::11/128"));
    dns.remove("db.example.com");
    eventually().untilAsserted(() -> assertThat(cidrs(networkPolicy("s1"))).isEmpty());
    eventually()
        .untilAsserted(
            () ->
                assertThat(session("s1").getStatus().getEgress().getNotGranted())
                    .extracting(r -> r.getEntry())
                    .containsExactly("db.example.com"));
  }

  @Test
  void deletingAPolicyEndsItsSessions() {
    createPolicy("netops", List.of("192.0.2.7"));
    createPolicy("other", List.of("192.0.2.8"));
    createSession("a", "netops", "alice");
    createSession("b", "netops", "bob");
    createSession("c", "other", "carol");
    awaitPhase("a", SessionPhase.Ready);
    awaitPhase("b", SessionPhase.Ready);
    awaitPhase("c", SessionPhase.Ready);
    client.resources(ItmcpPolicy.class).inNamespace(NS).withName("netops").delete();
    awaitGone("a");
    awaitGone("b");
    assertThat(eventReasons("a")).contains("PolicyDeleted");
    assertThat(session("c").getStatus().getPhase()).isEqualTo(SessionPhase.Ready);
  }

  @Test
  void aDeletedPodFailsTheSessionAndIsNotRecreated() {
    createPolicy("netops", List.of("192.0.2.7"));
    createSession("s1", "netops", "alice");
    awaitPhase("s1", SessionPhase.Ready);
    kubelet.delete(NS, "s1-sandbox");
    awaitPhase("s1", SessionPhase.Failed);
    assertThat(session("s1").getStatus().getMessage())
        .contains("s1-sandbox was deleted")
        .contains("never replaced");
    assertThat(session("s1").getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getReason()).isEqualTo("PodLost");
            });
    await()
        .during(Duration.ofMillis(1500))
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(pod("s1")).isNull());
    assertThat(eventReasons("s1")).contains("PodLost");
  }

  @Test
  void aFailedPodFailsTheSessionWithTheReason() {
    createPolicy("netops", List.of("192.0.2.7"));
    createSession("s1", "netops", "alice");
    awaitPhase("s1", SessionPhase.Ready);
    kubelet.fail(NS, "s1-sandbox", "Evicted", "The node was low on resource: memory.");
    awaitPhase("s1", SessionPhase.Failed);
    assertThat(session("s1").getStatus().getMessage())
        .contains("Evicted")
        .contains("low on resource")
        .contains("exited 137");
    assertThat(eventReasons("s1")).contains("PodFailed");
  }

  @Test
  void quotasRefuseSessionsBeyondTheLimits() {
    ItmcpPolicy policy = Fixtures.policy("netops", List.of("192.0.2.7"));
    policy.getSpec().getLimits().setMaxSessions(3);
    policy.getSpec().getLimits().setMaxSessionsPerUser(2);
    client.resource(policy).create();
    createSession("a1", "netops", "alice");
    createSession("a2", "netops", "alice");
    awaitPhase("a1", SessionPhase.Ready);
    awaitPhase("a2", SessionPhase.Ready);
    createSession("a3", "netops", "alice");
    awaitPhase("a3", SessionPhase.Failed);
    assertThat(session("a3").getStatus().getMessage())
        .contains("maxSessionsPerUser")
        .contains("alice");
    assertThat(session("a3").getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("QuotaExceeded"));
    createSession("b1", "netops", "bob");
    awaitPhase("b1", SessionPhase.Ready);
    createSession("c1", "netops", "carol");
    awaitPhase("c1", SessionPhase.Failed);
    assertThat(session("c1").getStatus().getMessage())
        .contains("maxSessions")
        .contains("3 live sessions");
    assertThat(pod("a3")).isNull();
    assertThat(pod("c1")).isNull();
    assertThat(eventReasons("c1")).contains("QuotaExceeded");
    eventually()
        .untilAsserted(
            () ->
                assertThat(operator.metrics().scrape())
                    .contains(
                        "itmcp_operator_quota_refusals_total{limit=\"maxSessionsPerUser\"} 1.0")
                    .contains("itmcp_operator_quota_refusals_total{limit=\"maxSessions\"} 1.0")
                    .contains("itmcp_operator_sessions{phase=\"Ready\"} 3.0")
                    .contains("itmcp_operator_sessions{phase=\"Failed\"} 2.0")
                    .contains("itmcp_operator_sessions{phase=\"Pending\"} 0.0"));

    client.resources(ItmcpSession.class).inNamespace(NS).withName("a1").delete();
    awaitGone("a1");
    createSession("c2", "netops", "carol");
    awaitPhase("c2", SessionPhase.Ready);
  }

  @Test
  void aBurstCannotOvershootMaxSessions() {
    ItmcpPolicy policy = Fixtures.policy("netops", List.of("192.0.2.7"));
    policy.getSpec().getLimits().setMaxSessions(5);
    policy.getSpec().getLimits().setMaxSessionsPerUser(5);
    client.resource(policy).create();
    for (int i = 0; i < 20; i++) {
      createSession("burst" + i, "netops", "alice");
    }
    eventually()
        .untilAsserted(
            () ->
                assertThat(client.resources(ItmcpSession.class).inNamespace(NS).list().getItems())
                    .allSatisfy(
                        x ->
                            assertThat(x.getStatus())
                                .isNotNull()
                                .satisfies(
                                    st ->
                                        assertThat(st.getPhase())
                                            .isIn(SessionPhase.Ready, SessionPhase.Failed))));
    assertThat(client.pods().inNamespace(NS).list().getItems()).hasSize(5);
  }

  @Test
  void anOperatorRestartCreatesNoDuplicateAndLosesNoSession() {
    createPolicy("netops", List.of("db.example.com"));
    createSession("s1", "netops", "alice");
    awaitPhase("s1", SessionPhase.Ready);
    String podUid = pod("s1").getMetadata().getUid();
    operator.close();
    operator = null;
    createSession("s2", "netops", "bob");
    KubernetesClient second = cluster.newClient();
    operator = startOperator(second);
    awaitPhase("s2", SessionPhase.Ready);
    await()
        .during(Duration.ofMillis(1500))
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(client.pods().inNamespace(NS).list().getItems())
                    .extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrder("s1-sandbox", "s2-sandbox"));
    assertThat(pod("s1").getMetadata().getUid()).isEqualTo(podUid);
    assertThat(session("s1").getStatus().getPhase()).isEqualTo(SessionPhase.Ready);
    assertThat(eventReasons("s1").stream().filter("PodCreated"::equals)).hasSize(1);
  }

  @Test
  void aRestartBetweenPodCreationAndStatusAdoptsThePod() {
    createPolicy("netops", List.of("192.0.2.7"));
    operator.close();
    operator = null;
    ItmcpSession s = createSession("s1", "netops", "alice");
    // What a crashed operator left: the pod exists, the status does not say so.
    Pod leftover =
        new io.itmcp.operator.render.SessionRenderer(options())
            .render(
                new io.itmcp.operator.render.SessionRenderInput(
                    s,
                    client.resources(ItmcpPolicy.class).inNamespace(NS).withName("netops").get(),
                    io.itmcp.policy.EffectivePolicy.compile(
                        "netops",
                        client
                            .resources(ItmcpPolicy.class)
                            .inNamespace(NS)
                            .withName("netops")
                            .get()
                            .getSpec()),
                    io.itmcp.operator.render.ResolvedNames.none(),
                    EgressMode.NETWORK_POLICY,
                    Instant.now()))
            .pod();
    client.resource(leftover).create();
    String uid = eventually().until(() -> pod("s1"), Objects::nonNull).getMetadata().getUid();
    operator = startOperator(cluster.newClient());
    awaitPhase("s1", SessionPhase.Ready);
    assertThat(pod("s1").getMetadata().getUid()).isEqualTo(uid);
    assertThat(client.pods().inNamespace(NS).list().getItems()).hasSize(1);
  }

  @Test
  void aSessionWhosePolicyIsMissingWaitsAndThenStarts() {
    createSession("early", "later", "alice");
    awaitPhase("early", SessionPhase.Pending);
    assertThat(session("early").getStatus().getMessage()).contains("policy later does not exist");
    assertThat(pod("early")).isNull();
    createPolicy("later", List.of("192.0.2.7"));
    awaitPhase("early", SessionPhase.Ready);
  }

  @Test
  void anEditedNetworkPolicyIsPutBack() {
    createPolicy("netops", List.of("192.0.2.7"));
    createSession("s1", "netops", "alice");
    awaitPhase("s1", SessionPhase.Ready);
    eventually().untilAsserted(() -> assertThat(networkPolicy("s1")).isNotNull());
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(NS)
        .withName("s1-egress")
        .edit(
            np -> {
              np.getSpec().getEgress().get(1).getTo().get(0).getIpBlock().setCidr("0.0.0.0/0");
              return np;
            });
    eventually()
        .untilAsserted(
            () -> assertThat(cidrs(networkPolicy("s1"))).containsExactly("192.0.2.7/32"));
  }

  @Test
  void aSessionNameThatCannotLabelItsPodFailsClearly() {
    createPolicy("netops", List.of("192.0.2.7"));
    String name = "s".repeat(64);
    createSession(name, "netops", "alice");
    awaitPhase(name, SessionPhase.Failed);
    assertThat(session(name).getStatus().getMessage()).contains("longer than 63 characters");
    assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
  }
}
