package io.itmcp.gateway.runtime.kubernetes;

import static io.itmcp.gateway.runtime.kubernetes.SessionStandIn.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.SandboxOwner;
import io.itmcp.gateway.runtime.SandboxStartException;
import io.itmcp.gateway.testing.TestPolicies;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox belongs to its caller: every replica computes the same ItmcpSession name for (user,
 * policy, client name), so they find each other's session instead of making their own.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class CallerSessionsTest {

  private static final Identity ALICE = new Identity("alice@example.com", List.of("netops"));

  KubernetesClient client;
  KubernetesMockServer server;
  SessionStandIn operator;

  @BeforeEach
  void setUp() {
    operator = new SessionStandIn(client);
  }

  /**
   * One gateway replica's runtime (each has its own activity reporter, as separate processes do).
   */
  private KubernetesSandboxRuntime replica() {
    KubernetesRuntimeSettings settings =
        KubernetesRuntimeSettings.defaults(NAMESPACE)
            .withReadyTimeout(Duration.ofSeconds(20))
            .withStatusCheckInterval(Duration.ofMillis(100));
    return new KubernetesSandboxRuntime(
        client, settings, new ActivityReporter(client, NAMESPACE, Clock.systemUTC()));
  }

  private static SessionRequest caller(String clientName, String clientVersion) {
    return new SessionRequest(
        SandboxOwner.caller(ALICE, "dns-checks", clientName, clientVersion),
        TestPolicies.named("dns-checks"));
  }

  /**
   * Each opener on a thread of its own: they block until the sandbox is ready, as request threads
   * do.
   */
  private final ExecutorService openers = Executors.newCachedThreadPool();

  @AfterEach
  void stopOpeners() {
    openers.shutdownNow();
  }

  /** The replica's session as the operator sees it appear (a loaded machine may take a while). */
  private ItmcpSession awaitSession(String name) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> client.resources(ItmcpSession.class).inNamespace(NAMESPACE).withName(name).get(),
            java.util.Objects::nonNull);
  }

  private CompletableFuture<KubernetesSandbox> openAsync(
      KubernetesSandboxRuntime runtime, SessionRequest request, CountDownLatch start) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            start.await();
            return runtime.open(request);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        },
        openers);
  }

  @Test
  void twoReplicasRacingToCreateTheCallersSandboxEndWithOneItmcpSessionAndOnePod()
      throws Exception {
    KubernetesSandboxRuntime a = replica();
    KubernetesSandboxRuntime b = replica();
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<KubernetesSandbox>> opening = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      opening.add(openAsync(a, caller("inspector", "0.16." + i), start));
      opening.add(openAsync(b, caller("inspector", "0.17." + i), start));
    }
    start.countDown();
    String name = awaitSession(caller("inspector", "any").sessionName()).getMetadata().getName();
    operator.markReady(name, "caller-pod-1");

    for (CompletableFuture<KubernetesSandbox> f : opening) {
      KubernetesSandbox sandbox = f.get(60, TimeUnit.SECONDS);
      assertThat(sandbox.sessionName()).isEqualTo(name);
      assertThat(sandbox.podName()).isEqualTo("caller-pod-1");
    }
    assertThat(operator.liveSessions())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getSpec().getUser().getName()).isEqualTo(ALICE.user());
              assertThat(s.getSpec().getClient().getName()).isEqualTo("inspector");
            });
    assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
  }

  @Test
  void theLoserOfACreateRaceReadsTheWinner() throws Exception {
    SessionRequest request = caller("claude-code", "2.0");
    String name = request.sessionName();
    client.resource(SessionManifest.of(request, NAMESPACE)).create(); // the other replica won
    operator.markReady(name, "caller-pod-2");
    // this replica's read raced the winner's create: it saw nothing, so its create answers 409
    server
        .expect()
        .get()
        .withPath("/apis/itmcp.io/v1alpha1/namespaces/" + NAMESPACE + "/itmcpsessions/" + name)
        .andReturn(404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}")
        .once();

    KubernetesSandbox sandbox = replica().open(request);

    assertThat(sandbox.sessionName()).isEqualTo(name);
    assertThat(sandbox.podName()).isEqualTo("caller-pod-2");
    assertThat(operator.liveSessions()).hasSize(1);
  }

  @Test
  void theNameIsTheCallersNotTheConnectionsAndEachClientOrPolicyHasItsOwn() {
    String inspector = caller("inspector", "1").sessionName();
    assertThat(caller("inspector", "2").sessionName())
        .as("an upgraded client keeps its sandbox")
        .isEqualTo(inspector);
    assertThat(caller("claude-code", "1").sessionName()).isNotEqualTo(inspector);
    assertThat(
            new SessionRequest(
                    SandboxOwner.caller(
                        new Identity("bob", List.of()), "dns-checks", "inspector", "1"),
                    TestPolicies.named("dns-checks"))
                .sessionName())
        .isNotEqualTo(inspector);
    assertThat(
            new SessionRequest(
                    SandboxOwner.caller(ALICE, "other", "inspector", "1"),
                    TestPolicies.named("other"))
                .sessionName())
        .isNotEqualTo(inspector);
    assertThat(inspector).matches("mcp-[0-9a-f]{20}");
    // length-prefixed: moving a character from one part to the next does not collide
    assertThat(io.itmcp.api.v1alpha1.SessionNaming.forCaller("ab", "c", "d"))
        .isNotEqualTo(io.itmcp.api.v1alpha1.SessionNaming.forCaller("a", "bc", "d"));
  }

  @Test
  void anEndedSandboxIsReplacedByAFreshOneAtTheNextOpen() throws Exception {
    KubernetesSandboxRuntime runtime = replica();
    SessionRequest request = caller("inspector", "1");
    String name = request.sessionName();
    CompletableFuture<KubernetesSandbox> first = openAsync(runtime, request, new CountDownLatch(0));
    awaitSession(name);
    operator.markReady(name, "caller-pod-3");
    assertThat(first.get(20, TimeUnit.SECONDS).podName()).isEqualTo("caller-pod-3");
    String firstUid =
        client
            .resources(ItmcpSession.class)
            .inNamespace(NAMESPACE)
            .withName(name)
            .get()
            .getMetadata()
            .getUid();
    operator.setStatus(
        name,
        status -> {
          status.setPhase(SessionPhase.Failed);
          status.setMessage("pod caller-pod-3 was deleted");
        });

    CompletableFuture<KubernetesSandbox> second =
        openAsync(runtime, request, new CountDownLatch(0));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              ItmcpSession s =
                  client.resources(ItmcpSession.class).inNamespace(NAMESPACE).withName(name).get();
              return s != null && !s.getMetadata().getUid().equals(firstUid);
            });
    client.pods().inNamespace(NAMESPACE).withName("caller-pod-3").delete();
    operator.markReady(name, "caller-pod-4");

    assertThat(second.get(20, TimeUnit.SECONDS).podName()).isEqualTo("caller-pod-4");
    assertThat(operator.liveSessions()).hasSize(1);
  }

  @Test
  void aSessionOfThatNameForSomeoneElseIsNeverShared() {
    SessionRequest request = caller("inspector", "1");
    ItmcpSession planted =
        SessionManifest.of(
            new SessionRequest(
                SandboxOwner.caller(
                    new Identity("mallory", List.of()), "dns-checks", "inspector", "1"),
                TestPolicies.named("dns-checks")),
            NAMESPACE);
    planted.getMetadata().setName(request.sessionName());
    client.resource(planted).create();

    assertThatThrownBy(() -> replica().open(request))
        .isInstanceOf(SandboxStartException.class)
        .hasMessageContaining("already exists for another user, policy or client")
        .hasMessageContaining("not shared");
  }
}
