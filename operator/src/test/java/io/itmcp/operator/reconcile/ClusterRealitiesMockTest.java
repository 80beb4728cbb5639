package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.api.v1alpha1.StatusBounds;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.dns.Resolution;
import io.itmcp.operator.runtime.OperatorRuntime;
import io.itmcp.testkit.kubernetes.FakeKubelet;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a real API server and kubelet do that fabric8's plain mock hides, against the validating
 * mock ({@link MockCluster}): refusals of pods, statuses at their schema bounds, long policy names,
 * a policy without spec, containers that die alone, pods waiting for a node.
 */
class ClusterRealitiesMockTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  static final String NS = Fixtures.NAMESPACE;

  static ConditionFactory eventually() {
    return await().atMost(WAIT).ignoreExceptions();
  }

  MockCluster cluster;
  KubernetesClient client;
  FakeKubelet kubelet;
  OperatorRuntime operator;
  final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client();
    kubelet = new FakeKubelet(client);
    operator =
        new OperatorRuntime(
                client,
                SessionLifecycleMockTest.options(),
                name ->
                    Optional.ofNullable(dns.get(name))
                        .map(a -> Resolution.of(a, Optional.empty()))
                        .orElse(Resolution.failed("NXDOMAIN")),
                Clock.systemUTC())
            .start();
  }

  @AfterEach
  void stop() {
    operator.close();
    kubelet.close();
    cluster.close();
  }

  ItmcpSession session(String name) {
    return client.resources(ItmcpSession.class).inNamespace(NS).withName(name).get();
  }

  ItmcpPolicy policy(String name) {
    return client.resources(ItmcpPolicy.class).inNamespace(NS).withName(name).get();
  }

  void awaitPhase(String name, SessionPhase phase) {
    eventually()
        .untilAsserted(() -> assertThat(session(name).getStatus().getPhase()).isEqualTo(phase));
  }

  static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * The operator's own writes were all accepted: what the API server refused was only what a test
   * made it refuse.
   */
  void assertNothingOfOursWasRefused() {
    assertThat(cluster.apiServer().refused()).isEmpty();
  }

  @Test
  void aPodTheApiServerRefusesFailsTheSessionNamingTheCause() {
    String forbidden =
        "pods \"s1-sandbox\" is forbidden: violates PodSecurity \"restricted:latest\": "
            + "unrestricted capabilities (container \"capture\" must not include \"NET_RAW\")";
    cluster.apiServer().refuse("pods", pod -> true, 403, "Forbidden", forbidden);
    ItmcpPolicy tcpdump = Fixtures.policy("capture", List.of("192.0.2.7"));
    tcpdump.getSpec().setTools(List.of(ToolName.PING, ToolName.TCPDUMP));
    client.resource(tcpdump).create();
    client.resource(Fixtures.session("s1", "capture", "alice")).create();

    awaitPhase("s1", SessionPhase.Failed);
    ItmcpSession failed = session("s1");
    assertThat(failed.getStatus().getMessage())
        .contains("the API server refused Pod s1-sandbox (403)", forbidden);
    assertThat(condition(failed.getStatus().getConditions(), "Ready"))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("PodRejected"));
    assertThat(cluster.apiServer().refused())
        .singleElement()
        .satisfies(r -> assertThat(r.code()).isEqualTo(403));
  }

  @Test
  void aTcpdumpPolicyWithA64CharacterNameMakesAReadySessionWithAHashedLabel() {
    String name = "netops-" + "a".repeat(49) + "-tcpdump";
    assertThat(name).hasSize(64);
    ItmcpPolicy policy = Fixtures.policy(name, List.of("192.0.2.7"));
    policy.getSpec().setTools(List.of(ToolName.PING, ToolName.TCPDUMP));
    client.resource(policy).create();
    client.resource(Fixtures.session("s1", name, "alice")).create();

    awaitPhase("s1", SessionPhase.Ready);
    String label =
        client
            .pods()
            .inNamespace(NS)
            .withName("s1-sandbox")
            .get()
            .getMetadata()
            .getLabels()
            .get(SessionContract.POLICY_LABEL);
    assertThat(label).hasSizeLessThanOrEqualTo(63).isNotEqualTo(name);
    assertNothingOfOursWasRefused();
  }

  @Test
  void hundredsOfWildcardsOverflowNoStatusField() {
    List<String> wildcards =
        IntStream.range(0, 150)
            .mapToObj(i -> "*.segment-" + i + "-" + "x".repeat(40) + ".corp.example.com")
            .toList();
    client.resource(Fixtures.policy("wide", wildcards)).create();
    client.resource(Fixtures.session("s1", "wide", "alice")).create();

    awaitPhase("s1", SessionPhase.Ready);
    ItmcpSession ready = session("s1");
    assertThat(ready.getStatus().getEgress().getNotGranted()).hasSize(150);
    assertThat(ready.getStatus().getMessage())
        .hasSizeLessThanOrEqualTo(StatusBounds.MESSAGE)
        .contains("150 entries grant nothing", "and 140 more");
    assertNothingOfOursWasRefused();
  }

  @Test
  void aNameWithMoreAddressesThanTheStatusHoldsIsCappedNotRefused() throws UnknownHostException {
    List<InetAddress> many = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      many.add(InetAddress.getByName("198.51.100." + i));
    }
    dns.put("many.example.com", many);
    client.resource(Fixtures.policy("many", List.of("many.example.com"))).create();
    client.resource(Fixtures.session("s1", "many", "alice")).create();

    awaitPhase("s1", SessionPhase.Ready);
    eventually()
        .untilAsserted(
            () ->
                assertThat(policy("many").getStatus().getResolvedHosts())
                    .singleElement()
                    .satisfies(h -> assertThat(h.getAddresses()).hasSize(StatusBounds.ADDRESSES)));
    assertNothingOfOursWasRefused();
  }

  @Test
  void aValidPolicyIsReadyAndAPolicyWithoutSpecIsNotReadyWithoutLooping() {
    cluster.apiServer().withoutSchema("itmcppolicies");
    client.resource(Fixtures.policy("good", List.of("192.0.2.7"))).create();
    ItmcpPolicy empty = Fixtures.policy("empty", List.of());
    empty.setSpec(null);
    client.resource(empty).create();

    eventually()
        .untilAsserted(
            () ->
                assertThat(condition(policy("good").getStatus().getConditions(), "Ready"))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
    eventually()
        .untilAsserted(
            () ->
                assertThat(condition(policy("empty").getStatus().getConditions(), "Ready"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getMessage()).contains("no spec");
                        }));
  }

  @Test
  void aPolicyTheCrdsCelRulesRefuseIsInvalidEvenWhenAnOlderCrdLetItIn() {
    cluster.apiServer().withoutSchema("itmcppolicies");
    ItmcpPolicy ssh = Fixtures.policy("ssh-no-secret", List.of("192.0.2.7:22"));
    ssh.getSpec().setTools(List.of(io.itmcp.api.v1alpha1.ToolName.SSH));
    ssh.getSpec().setAllowedRemoteCommands(List.of("show version"));
    client.resource(ssh).create();
    client.resource(Fixtures.session("s1", "ssh-no-secret", "alice")).create();

    eventually()
        .untilAsserted(
            () ->
                assertThat(condition(policy("ssh-no-secret").getStatus().getConditions(), "Valid"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getMessage())
                              .contains(
                                  "spec.tools: Invalid value: \"object\": the ssh tool needs spec.ssh.secretRef");
                        }));
    eventually()
        .untilAsserted(
            () ->
                assertThat(session("s1").getStatus().getMessage())
                    .contains(
                        "is invalid",
                        "the ssh tool needs spec.ssh.secretRef",
                        "no sandbox is made until it is fixed"));
    assertThat(session("s1").getStatus().getPhase()).isEqualTo(SessionPhase.Pending);
    assertThat(client.pods().inNamespace(NS).withName("s1-sandbox").get()).isNull();
  }

  @Test
  void aSandboxContainerThatDiesNextToARunningCaptureFailsTheSession() {
    client.resource(Fixtures.policy("netops", List.of("192.0.2.7"))).create();
    client.resource(Fixtures.session("s1", "netops", "alice")).create();
    awaitPhase("s1", SessionPhase.Ready);

    kubelet.terminateContainer(NS, "s1-sandbox", "sandbox", 137, "OOMKilled");

    awaitPhase("s1", SessionPhase.Failed);
    assertThat(session("s1").getStatus().getMessage())
        .contains("container sandbox exited 137 (OOMKilled)");
  }

  @Test
  void anUnschedulablePodWaitsForANodeAndSaysWhy() {
    kubelet.leaveUnschedulable("s1-sandbox");
    client.resource(Fixtures.policy("netops", List.of("192.0.2.7"))).create();
    client.resource(Fixtures.session("s1", "netops", "alice")).create();

    eventually()
        .untilAsserted(
            () ->
                assertThat(session("s1").getStatus().getMessage())
                    .contains("not scheduled: Unschedulable", "Insufficient memory"));
    assertThat(session("s1").getStatus().getPhase()).isEqualTo(SessionPhase.Pending);
    assertThat(client.pods().inNamespace(NS).withName("s1-sandbox").get()).isNotNull();
  }

  @Test
  void aPodStuckOnAVolumeSaysWhyFromTheKubeletsEventsAndKeepsWaiting() {
    kubelet.leaveMountBlocked("s1-sandbox");
    client.resource(Fixtures.policy("netops", List.of("192.0.2.7"))).create();
    client.resource(Fixtures.session("s1", "netops", "alice")).create();
    eventually()
        .untilAsserted(
            () -> assertThat(session("s1").getStatus().getMessage()).contains("ContainerCreating"));

    // Written after the pod settled: only the Event watch can bring it to the session.
    kubelet.warnAbout(
        NS,
        "s1-sandbox",
        "FailedMount",
        "MountVolume.SetUp failed for volume \"ssh\" : secret \"netops-ssh\" not found");
    // A warning with another reason does not explain a stuck start.
    kubelet.warnAbout(NS, "s1-sandbox", "Pulled", "Container image already present on machine");

    eventually()
        .untilAsserted(
            () -> {
              ItmcpSession s = session("s1");
              assertThat(s.getStatus().getMessage())
                  .contains(
                      "FailedMount: MountVolume.SetUp failed for volume \"ssh\" : secret \"netops-ssh\" not found")
                  .contains("the kubelet keeps retrying")
                  .doesNotContain("Pulled");
              assertThat(
                      condition(s.getStatus().getConditions(), SessionContract.CONDITION_POD_READY))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("False");
                        assertThat(c.getReason()).isEqualTo("FailedMount");
                        assertThat(c.getMessage()).contains("secret \"netops-ssh\" not found");
                      });
            });
    assertThat(session("s1").getStatus().getPhase())
        .as("a Secret created later fixes it: wait, do not fail")
        .isEqualTo(SessionPhase.Pending);
    assertThat(client.pods().inNamespace(NS).withName("s1-sandbox").get()).isNotNull();
    assertNothingOfOursWasRefused();
  }
}
