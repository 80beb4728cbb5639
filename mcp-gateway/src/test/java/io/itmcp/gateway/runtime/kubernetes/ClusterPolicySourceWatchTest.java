package io.itmcp.gateway.runtime.kubernetes;

import static io.itmcp.gateway.runtime.kubernetes.SessionStandIn.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.PolicyUnavailableException;
import io.itmcp.gateway.runtime.kubernetes.PolicyStoreCurrency.Read;
import io.itmcp.gateway.runtime.kubernetes.PolicyStoreCurrency.WatchState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Policies from the gateway's watch: served from its store only while it is synced and connected,
 * read live in every other state, never a copy that may be older than the cluster.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class ClusterPolicySourceWatchTest {

  private static final Duration TRUSTED_FOR = Duration.ofSeconds(5);
  private static final String POLICIES =
      "/apis/itmcp.io/v1alpha1/namespaces/" + NAMESPACE + "/itmcppolicies";
  // the informer's list and watch requests, as fabric8 7.5 sends them
  private static final String LIST = POLICIES + "?resourceVersion=0";
  private static final String WATCH_FROM_7 =
      POLICIES + "?allowWatchBookmarks=true&resourceVersion=7&timeoutSeconds=600&watch=true";

  /** One mock API server for the class, emptied before each test ({@link SharedMockServer}). */
  static KubernetesClient client;

  static KubernetesMockServer server;

  final List<String> warnings = new CopyOnWriteArrayList<>();
  final AtomicLong nanos = new AtomicLong();
  final StoreConfirmations confirmations = new StoreConfirmations(nanos::get, TRUSTED_FOR);
  InformedPolicyWatch watch;
  ClusterPolicySource source;

  @BeforeEach
  void setUp() throws InterruptedException {
    SharedMockServer.clean(server);
  }

  @AfterEach
  void stopTheWatch() {
    if (source != null) {
      source.close();
    }
  }

  private void startWatching() {
    watch = InformedPolicyWatch.start(client, NAMESPACE, warnings::add);
    source = new ClusterPolicySource(client, NAMESPACE, "dns-checks", watch, confirmations);
  }

  private void awaitCurrent() {
    await().until(() -> PolicyStoreCurrency.read(watch.state()) == Read.FROM_STORE);
  }

  /** Starts the watch and waits until it is current and has delivered {@code applied}. */
  private void watchUntilItHas(ItmcpPolicy applied) {
    startWatching();
    awaitCurrent();
    await().until(() -> source.holds(applied));
  }

  private static ItmcpPolicy apply(String name, ToolName... tools) {
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    spec.setTools(List.of(tools));
    spec.setAllowedHosts(List.of("db.example.com"));
    ItmcpPolicy policy = new ItmcpPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    policy.setSpec(spec);
    return client.resource(policy).createOr(existing -> existing.update());
  }

  /** The requests the server received since the last call, as "METHOD path". */
  private static List<String> requestsSinceLastAsked() throws InterruptedException {
    List<String> requests = new ArrayList<>();
    for (var r = server.takeRequest(1, TimeUnit.MILLISECONDS);
        r != null;
        r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
      requests.add(r.getMethod() + " " + r.getPath());
    }
    return requests;
  }

  @Test
  void aCreatedPolicyIsFoundOnceTheWatchDeliveredIt() throws InterruptedException {
    startWatching();
    awaitCurrent();
    ItmcpPolicy created = apply("dns-checks", ToolName.DIG);
    await().until(() -> source.holds(created));
    requestsSinceLastAsked();

    assertThat(source.policy("dns-checks").tools()).containsExactly(ToolName.DIG);
    assertThat(requestsSinceLastAsked())
        .as("the first lookup of a name confirms the store's copy live")
        .containsExactly("GET " + POLICIES + "/dns-checks");
    assertThat(source.policy("dns-checks").tools()).containsExactly(ToolName.DIG);
    assertThat(requestsSinceLastAsked()).as("served from the watch's store").isEmpty();
  }

  @Test
  void anEditHoldsOnceTheWatchDeliveredIt() throws InterruptedException {
    ItmcpPolicy first = apply("dns-checks", ToolName.DIG);
    watchUntilItHas(first);
    assertThat(source.policy("dns-checks").tools()).containsExactly(ToolName.DIG);

    ItmcpPolicy edited = apply("dns-checks", ToolName.DIG, ToolName.PING);
    await().until(() -> source.holds(edited));
    requestsSinceLastAsked();

    assertThat(source.policy("dns-checks").tools())
        .containsExactlyInAnyOrder(ToolName.DIG, ToolName.PING);
    assertThat(requestsSinceLastAsked()).as("served from the watch's store").isEmpty();
  }

  /**
   * The operator writes a policy's status right after an edit: a watch may deliver both before
   * anyone looks, and its store never holds the edit's own resourceVersion.
   */
  @Test
  void anEditIsHeldOnceALaterWriteThatLeftTheSpecAloneWasDelivered() {
    ItmcpPolicy first = apply("dns-checks", ToolName.DIG);
    watchUntilItHas(first);
    ItmcpPolicy edited = apply("dns-checks", ToolName.DIG, ToolName.PING);
    ItmcpPolicy labelled =
        client
            .resources(ItmcpPolicy.class)
            .inNamespace(NAMESPACE)
            .withName("dns-checks")
            .edit(
                p -> {
                  p.getMetadata().setLabels(Map.of("team", "netops"));
                  return p;
                });
    assertThat(labelled.getMetadata().getGeneration())
        .as("a write that leaves the spec alone keeps the generation")
        .isEqualTo(edited.getMetadata().getGeneration())
        .isGreaterThan(first.getMetadata().getGeneration());
    await().until(() -> watch.stored("dns-checks").getMetadata().getLabels() != null);

    assertThat(source.holds(edited)).as("the edit, under a later resourceVersion").isTrue();
    assertThat(source.policy("dns-checks").tools())
        .containsExactlyInAnyOrder(ToolName.DIG, ToolName.PING);
  }

  @Test
  void aDeletedPolicyIsRefusedOnceTheWatchDeliveredIt() {
    ItmcpPolicy applied = apply("dns-checks", ToolName.DIG);
    watchUntilItHas(applied);
    source.policy("dns-checks");

    client.resources(ItmcpPolicy.class).inNamespace(NAMESPACE).withName("dns-checks").delete();
    await().until(() -> source.holdsNone("dns-checks"));

    assertThatThrownBy(() -> source.policy("dns-checks"))
        .isInstanceOfSatisfying(
            PolicyUnavailableException.class,
            e -> assertThat(e.kind()).isEqualTo(PolicyUnavailableException.Kind.NOT_FOUND))
        .hasMessageContaining("there is no ItmcpPolicy dns-checks in namespace itmcp-sandboxes")
        .hasMessageContaining("kubectl get itmcppolicies -n itmcp-sandboxes");
  }

  @Test
  void lookupsFromTheStoreMakeNoApiRequestAndAreNotRecompiled() throws InterruptedException {
    ItmcpPolicy applied = apply("dns-checks", ToolName.DIG);
    watchUntilItHas(applied);
    requestsSinceLastAsked();

    var first = source.policy("dns-checks");
    assertThatThrownBy(() -> source.policy("ssh-routers"))
        .isInstanceOf(PolicyUnavailableException.class)
        .hasMessageContaining("there is no ItmcpPolicy ssh-routers");
    assertThat(requestsSinceLastAsked())
        .as("each name's first lookup confirms the store live, an absent name too")
        .containsExactly("GET " + POLICIES + "/dns-checks", "GET " + POLICIES + "/ssh-routers");

    nanos.addAndGet(TRUSTED_FOR.toNanos() - 1);
    for (int i = 0; i < 20; i++) {
      assertThat(source.policy("dns-checks")).isSameAs(first);
    }
    assertThatThrownBy(() -> source.policy("ssh-routers"))
        .isInstanceOf(PolicyUnavailableException.class)
        .hasMessageContaining("there is no ItmcpPolicy ssh-routers");

    assertThat(requestsSinceLastAsked()).isEmpty();
    nanos.incrementAndGet();
    assertThat(source.policy("dns-checks")).isSameAs(first);
    assertThat(requestsSinceLastAsked())
        .as("once the window has passed, one live read confirms the copy again")
        .containsExactly("GET " + POLICIES + "/dns-checks");
    assertThat(source.policy("dns-checks")).isSameAs(first);
    assertThat(requestsSinceLastAsked()).isEmpty();
  }

  @Test
  void withTheWatchStoppedEveryLookupReadsLiveAndSeesAnEditMadeAMomentBefore()
      throws InterruptedException {
    ItmcpPolicy applied = apply("dns-checks", ToolName.DIG);
    watchUntilItHas(applied);
    watch.close();
    assertThat(PolicyStoreCurrency.read(watch.state())).isEqualTo(Read.LIVE);

    apply("dns-checks", ToolName.DIG, ToolName.PING);
    requestsSinceLastAsked();
    var policy = source.policy("dns-checks");
    source.policy("dns-checks");

    assertThat(policy.tools()).containsExactlyInAnyOrder(ToolName.DIG, ToolName.PING);
    assertThat(requestsSinceLastAsked())
        .containsExactly("GET " + POLICIES + "/dns-checks", "GET " + POLICIES + "/dns-checks");
    client.resources(ItmcpPolicy.class).inNamespace(NAMESPACE).withName("dns-checks").delete();
    assertThatThrownBy(() -> source.policy("dns-checks"))
        .as("a deletion, at once")
        .hasMessageContaining("there is no ItmcpPolicy dns-checks");
  }

  /**
   * A watch whose connection stalled without closing still reports itself connected, and its store
   * no longer follows the cluster: once the window has passed, the edit holds anyway.
   */
  @Test
  void aStalledWatchDelaysAnEditByAtMostTheWindowAndIsNotTrustedUntilItCatchesUp()
      throws InterruptedException {
    ItmcpPolicy[] stored = {apply("dns-checks", ToolName.PING)};
    PolicyWatch stalled = connectedWatchServing(stored);
    source = new ClusterPolicySource(client, NAMESPACE, "dns-checks", stalled, confirmations);
    assertThat(source.policy("dns-checks").tools()).containsExactly(ToolName.PING);

    apply("dns-checks", ToolName.DIG); // the stalled watch never delivers it
    assertThat(source.policy("dns-checks").tools())
        .as("inside the window the store's copy answers")
        .containsExactly(ToolName.PING);
    nanos.addAndGet(TRUSTED_FOR.toNanos());
    requestsSinceLastAsked();

    assertThat(source.policy("dns-checks").tools())
        .as("after the window, the live read")
        .containsExactly(ToolName.DIG);
    assertThat(source.policy("dns-checks").tools())
        .as("a store found behind is not trusted again")
        .containsExactly(ToolName.DIG);
    assertThat(requestsSinceLastAsked())
        .containsExactly("GET " + POLICIES + "/dns-checks", "GET " + POLICIES + "/dns-checks");

    stored[0] =
        client.resources(ItmcpPolicy.class).inNamespace(NAMESPACE).withName("dns-checks").get();
    source.policy("dns-checks"); // finds the store caught up
    requestsSinceLastAsked();
    assertThat(source.policy("dns-checks").tools()).containsExactly(ToolName.DIG);
    assertThat(requestsSinceLastAsked()).as("trusted again").isEmpty();
  }

  @Test
  void aStalledWatchDoesNotKeepADeletedPolicyAlivePastTheWindow() {
    ItmcpPolicy[] stored = {apply("dns-checks", ToolName.PING)};
    source =
        new ClusterPolicySource(
            client, NAMESPACE, "dns-checks", connectedWatchServing(stored), confirmations);
    source.policy("dns-checks");

    client.resources(ItmcpPolicy.class).inNamespace(NAMESPACE).withName("dns-checks").delete();
    nanos.addAndGet(TRUSTED_FOR.toNanos());

    assertThatThrownBy(() -> source.policy("dns-checks"))
        .isInstanceOfSatisfying(
            PolicyUnavailableException.class,
            e -> assertThat(e.kind()).isEqualTo(PolicyUnavailableException.Kind.NOT_FOUND))
        .hasMessageContaining("there is no ItmcpPolicy dns-checks");
    assertThatThrownBy(() -> source.policy("dns-checks"))
        .as("still refused: the store's copy is not trusted again")
        .hasMessageContaining("there is no ItmcpPolicy dns-checks");
  }

  /** A watch that reports itself synced and connected and serves whatever {@code stored} holds. */
  private static PolicyWatch connectedWatchServing(ItmcpPolicy[] stored) {
    return new PolicyWatch() {
      @Override
      public WatchState state() {
        return new WatchState(true, true);
      }

      @Override
      public ItmcpPolicy stored(String name) {
        return stored[0] != null && stored[0].getMetadata().getName().equals(name)
            ? stored[0]
            : null;
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void closingTheSourceStopsItsInformer() {
    startWatching();
    awaitCurrent();
    assertThat(watch.running()).isTrue();

    source.close();

    assertThat(watch.running()).isFalse();
    assertThat(PolicyStoreCurrency.read(watch.state())).isEqualTo(Read.LIVE);
  }

  @Test
  void aWatchThatIsNotConnectedNeverAnswersWithItsCopy() throws InterruptedException {
    ItmcpPolicy stale = apply("dns-checks", ToolName.PING);
    apply("dns-checks", ToolName.DIG);
    AtomicInteger storeReads = new AtomicInteger();
    WatchState[] state = {new WatchState(true, false)};
    PolicyWatch reconnecting =
        new PolicyWatch() {
          @Override
          public WatchState state() {
            return state[0];
          }

          @Override
          public ItmcpPolicy stored(String name) {
            storeReads.incrementAndGet();
            return stale;
          }

          @Override
          public void close() {}
        };
    source = new ClusterPolicySource(client, NAMESPACE, "dns-checks", reconnecting);
    requestsSinceLastAsked();

    assertThat(source.policy("dns-checks").tools())
        .as("synced, reconnecting")
        .containsExactly(ToolName.DIG);
    state[0] = new WatchState(false, true);
    assertThat(source.policy("dns-checks").tools())
        .as("watching, not synced")
        .containsExactly(ToolName.DIG);
    state[0] = WatchState.NONE;
    assertThat(source.policy("dns-checks").tools())
        .as("never started")
        .containsExactly(ToolName.DIG);

    assertThat(storeReads).hasValue(0);
    assertThat(requestsSinceLastAsked())
        .hasSize(3)
        .allMatch(r -> r.equals("GET " + POLICIES + "/dns-checks"));
  }

  @Test
  void aGatewayThatMayNotListPoliciesReadsThemLiveAndSaysWhatItLacks() throws InterruptedException {
    server.expect().get().withPath(LIST).andReturn(403, forbidden("list")).always();
    apply("dns-checks", ToolName.DIG);
    startWatching();

    await().until(() -> !warnings.isEmpty());
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("may not list and watch itmcppolicies in namespace itmcp-sandboxes")
        .contains("HTTP 403")
        .contains("every policy lookup reads live")
        .contains("get, list and watch on itmcppolicies");
    requestsSinceLastAsked();
    assertThat(source.policy("dns-checks").tools()).containsExactly(ToolName.DIG);
    assertThat(requestsSinceLastAsked()).containsExactly("GET " + POLICIES + "/dns-checks");
    assertThat(warnings).as("said once").hasSize(1);
  }

  @Test
  void aGatewayThatMayListButNotWatchReadsLiveAndNamesWatch() throws InterruptedException {
    server
        .expect()
        .get()
        .withPath(LIST)
        .andReturn(
            200,
            "{\"apiVersion\":\"itmcp.io/v1alpha1\",\"kind\":\"ItmcpPolicyList\","
                + "\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[]}")
        .always();
    server.expect().get().withPath(WATCH_FROM_7).andReturn(403, forbidden("watch")).always();
    apply("dns-checks", ToolName.DIG);
    startWatching();

    await().until(() -> !warnings.isEmpty());
    assertThat(warnings).singleElement().asString().contains("may not watch itmcppolicies");
    assertThat(PolicyStoreCurrency.read(watch.state())).isEqualTo(Read.LIVE);
    apply("dns-checks", ToolName.DIG, ToolName.PING);
    requestsSinceLastAsked();
    assertThat(source.policy("dns-checks").tools())
        .as("the edit, though the store never got it")
        .containsExactlyInAnyOrder(ToolName.DIG, ToolName.PING);
    assertThat(requestsSinceLastAsked()).containsExactly("GET " + POLICIES + "/dns-checks");
  }

  private static io.fabric8.kubernetes.api.model.Status forbidden(String verb) {
    return new StatusBuilder()
        .withCode(403)
        .withReason("Forbidden")
        .withMessage(
            "itmcppolicies.itmcp.io is forbidden: User \"system:serviceaccount:itmcp-system:gateway\""
                + " cannot "
                + verb
                + " resource \"itmcppolicies\"")
        .build();
  }
}
