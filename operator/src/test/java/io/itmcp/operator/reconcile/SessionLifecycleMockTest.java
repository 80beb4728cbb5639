package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.dns.Resolution;
import io.itmcp.operator.runtime.OperatorRuntime;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    return OperatorOptions.defaults()
        .withLeaderElection(false)
        .withEgressMode(EgressMode.NETWORK_POLICY)
        .withHttpPort(0)
        .withDnsTtl(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  OperatorRuntime startOperator(KubernetesClient with) {
    return new OperatorRuntime(with, options(), name -> Optional.ofNullable(dns.get(name))
        .map(a -> Resolution.of(a, Optional.empty()))
        .orElse(Resolution.failed("NXDOMAIN")), Clock.systemUTC()).start();
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
    return client.network().v1().networkPolicies().inNamespace(NS).withName(session + "-egress").get();
  }

  static List<String> cidrs(NetworkPolicy np) {
    return np.getSpec().getEgress().stream().flatMap(r -> r.getTo().stream())
        .filter(p -> p.getIpBlock() != null).map(p -> p.getIpBlock().getCidr()).toList();
  }

  List<String> eventReasons(String session) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> session.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason).toList();
  }

  void awaitPhase(String name, SessionPhase phase) {
    Eventually.assertThat(WAIT, () -> {
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
    assertThat(s.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
        .contains("PolicyResolved=True", "EgressReady=True", "PodReady=True", "Ready=True");
    assertThat(s.getStatus().getEgress().getMode()).isEqualTo("network-policy");
    assertThat(s.getStatus().getEgress().getNotGranted()).extracting(r -> r.getEntry())
        .containsExactly("*.corp.example.com");
    assertThat(s.getMetadata().getFinalizers()).contains(SessionReconciler.FINALIZER);
    assertThat(pod("s1").getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(s.getMetadata().getUid()));
    Eventually.assertThat(WAIT, () -> assertThat(cidrs(networkPolicy("s1"))).contains("192.0.2.10/32", "192.0.2.7/32"));
    Eventually.assertThat(WAIT, () -> assertThat(eventReasons("s1")).contains("PodCreated", "Ready"));
    Eventually.assertThat(WAIT, () -> {
      ItmcpPolicy p = client.resources(ItmcpPolicy.class).inNamespace(NS).withName("netops").get();
      assertThat(p.getStatus().getActiveSessions()).isEqualTo(1);
      assertThat(p.getStatus().getResolvedHosts()).singleElement()
          .satisfies(h -> assertThat(h.getAddresses()).containsExactly("192.0.2.10"));
    });
  }
}
