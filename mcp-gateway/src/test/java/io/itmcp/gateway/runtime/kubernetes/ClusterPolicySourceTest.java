package io.itmcp.gateway.runtime.kubernetes;

import static io.itmcp.gateway.runtime.kubernetes.SessionStandIn.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.LimitsSpec;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.PolicyUnavailableException;
import io.itmcp.policy.EffectivePolicy;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Policies read live: a source without a watch, as every source reads while its watch is not synced
 * and connected ({@link ClusterPolicySourceWatchTest} for the watch).
 */
@EnableKubernetesMockClient(https = false, crud = true)
class ClusterPolicySourceTest {

  /** One mock API server for the class, emptied before each test ({@link SharedMockServer}). */
  static KubernetesClient client;

  static KubernetesMockServer server;
  ClusterPolicySource source;

  @BeforeEach
  void setUp() throws InterruptedException {
    SharedMockServer.clean(server);
    source = new ClusterPolicySource(client, NAMESPACE, "dns-checks");
  }

  private void apply(String name, List<ToolName> tools, List<String> hosts) {
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    spec.setTools(tools);
    spec.setAllowedHosts(hosts);
    ItmcpPolicy policy = new ItmcpPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    policy.setSpec(spec);
    client.resource(policy).createOr(existing -> existing.update());
  }

  @Test
  void readsAndCompilesThePolicyOfTheNamespace() {
    apply("dns-checks", List.of(ToolName.DIG, ToolName.NSLOOKUP), List.of("*.corp.example.com"));

    EffectivePolicy policy = source.policy("dns-checks");

    assertThat(policy.name()).isEqualTo("dns-checks");
    assertThat(policy.tools()).containsExactlyInAnyOrder(ToolName.DIG, ToolName.NSLOOKUP);
  }

  @Test
  void anEditIsSeenByTheNextLookup() {
    apply("dns-checks", List.of(ToolName.DIG), List.of("db.example.com"));
    assertThat(source.policy("dns-checks").tools()).containsExactly(ToolName.DIG);

    apply("dns-checks", List.of(ToolName.DIG, ToolName.PING), List.of("db.example.com"));

    assertThat(source.policy("dns-checks").tools())
        .containsExactlyInAnyOrder(ToolName.DIG, ToolName.PING);
  }

  @Test
  void anUnchangedPolicyIsNotRecompiled() {
    apply("dns-checks", List.of(ToolName.DIG), List.of("db.example.com"));

    assertThat(source.policy("dns-checks")).isSameAs(source.policy("dns-checks"));
  }

  @Test
  void aDeletedPolicyIsRefusedAtOnce() {
    apply("dns-checks", List.of(ToolName.DIG), List.of("db.example.com"));
    source.policy("dns-checks");
    client.resources(ItmcpPolicy.class).inNamespace(NAMESPACE).withName("dns-checks").delete();

    assertThatThrownBy(() -> source.policy("dns-checks"))
        .isInstanceOfSatisfying(
            PolicyUnavailableException.class,
            e -> assertThat(e.kind()).isEqualTo(PolicyUnavailableException.Kind.NOT_FOUND))
        .hasMessageContaining("there is no ItmcpPolicy dns-checks in namespace itmcp-sandboxes");
  }

  @Test
  void aMissingPolicyIsRefusedWithWhereToLook() {
    assertThatThrownBy(() -> source.policy("ssh-routers"))
        .isInstanceOf(PolicyUnavailableException.class)
        .hasMessageContaining("there is no ItmcpPolicy ssh-routers")
        .hasMessageContaining("kubectl get itmcppolicies -n itmcp-sandboxes");
  }

  @Test
  void theDefaultPolicyServesAPathWithoutName() {
    apply("dns-checks", List.of(ToolName.DIG), null);

    assertThat(source.policyForPath(null).name()).isEqualTo("dns-checks");
    assertThat(source.policyForPath("").name()).isEqualTo("dns-checks");
    assertThat(source.defaultPolicyName()).isEqualTo("dns-checks");
  }

  @Test
  void withoutDefaultAPathMustNameAPolicy() {
    ClusterPolicySource noDefault = new ClusterPolicySource(client, NAMESPACE, null);

    assertThatThrownBy(() -> noDefault.policyForPath(null))
        .isInstanceOf(PolicyUnavailableException.class)
        .hasMessageContaining("/mcp/<policy>");
  }

  @Test
  void namesThatAreNoObjectNamesNeverReachTheApiServer() {
    int before = server.getRequestCount();
    for (String hostile :
        List.of(
            "../secrets",
            "a/b",
            "UPPER",
            "dns-checks?watch=true",
            "x\nInjected: header",
            "",
            ".",
            "-lead")) {
      assertThatThrownBy(() -> source.policy(hostile))
          .as(hostile)
          .isInstanceOf(PolicyUnavailableException.class)
          .hasMessageContaining("not a valid ItmcpPolicy name");
    }
    assertThat(server.getRequestCount()).isEqualTo(before);
  }

  @Test
  void anInvalidPolicyIsRefusedWithTheCompilersReason() {
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    LimitsSpec limits = new LimitsSpec();
    limits.setMaxSessions(2);
    limits.setMaxSessionsPerUser(5);
    spec.setLimits(limits);
    ItmcpPolicy policy = new ItmcpPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("broken").withNamespace(NAMESPACE).build());
    policy.setSpec(spec);
    client.resource(policy).create();

    assertThatThrownBy(() -> source.policy("broken"))
        .isInstanceOfSatisfying(
            PolicyUnavailableException.class,
            e -> assertThat(e.kind()).isEqualTo(PolicyUnavailableException.Kind.INVALID))
        .hasMessageContaining("ItmcpPolicy broken is invalid")
        .hasMessageContaining("maxSessionsPerUser");
  }

  @Test
  void aPolicyOnlyTheCrdsCelRulesRefuseIsNotUsed() {
    // This mock server stores without the schema, like a cluster whose CRD is older than the
    // gateway's.
    apply("ssh-no-secret", List.of(ToolName.SSH), List.of("db.example.com:22"));

    assertThatThrownBy(() -> source.policy("ssh-no-secret"))
        .isInstanceOfSatisfying(
            PolicyUnavailableException.class,
            e -> assertThat(e.kind()).isEqualTo(PolicyUnavailableException.Kind.INVALID))
        .hasMessageContaining(
            "ItmcpPolicy ssh-no-secret is invalid and is not used: spec.tools: Invalid value: \"object\": "
                + "the ssh tool needs spec.ssh.secretRef");
  }

  @Test
  void anApiErrorIsRefusedNotGuessed() {
    server
        .expect()
        .get()
        .withPath("/apis/itmcp.io/v1alpha1/namespaces/" + NAMESPACE + "/itmcppolicies/dns-checks")
        .andReturn(500, "etcd unavailable")
        .always();

    try (KubernetesClient noRetry = NoRetry.of(client)) {
      ClusterPolicySource failing = new ClusterPolicySource(noRetry, NAMESPACE, "dns-checks");

      assertThatThrownBy(() -> failing.policy("dns-checks"))
          .isInstanceOfSatisfying(
              PolicyUnavailableException.class,
              e -> assertThat(e.kind()).isEqualTo(PolicyUnavailableException.Kind.UNREADABLE))
          .hasMessageContaining("cannot be read right now")
          .hasMessageContaining("HTTP 500");
    }
  }
}
