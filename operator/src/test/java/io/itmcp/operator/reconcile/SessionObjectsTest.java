package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.operator.Fixtures;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A session's NetworkPolicy is written whatever the operator's cache has seen of it. */
class SessionObjectsTest {
  static final String NS = Fixtures.NAMESPACE;

  final MockCluster cluster = new MockCluster();
  final KubernetesClient client = cluster.client();
  final SessionObjects objects = new SessionObjects(client);

  @AfterEach
  void stop() {
    cluster.close();
  }

  static NetworkPolicy egressTo(String cidr) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName("s1-egress")
        .withNamespace(NS)
        .withLabels(Map.of("itmcp.io/session", "s1"))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Map.of("itmcp.io/session", "s1"))
        .endPodSelector()
        .withPolicyTypes("Egress")
        .addNewEgress()
        .addNewTo()
        .withNewIpBlock()
        .withCidr(cidr)
        .endIpBlock()
        .endTo()
        .endEgress()
        .endSpec()
        .build();
  }

  NetworkPolicy stored() {
    return client.network().v1().networkPolicies().inNamespace(NS).withName("s1-egress").get();
  }

  @Test
  void aPolicyTheCacheHasNotSeenIsCreated() {
    assertThat(objects.applyNetworkPolicy(egressTo("192.0.2.7/32"), Optional.empty())).isTrue();
    assertThat(stored().getSpec()).isEqualTo(egressTo("192.0.2.7/32").getSpec());
  }

  @Test
  void aPolicyThatExistsThoughTheCacheHasNotSeenItIsUpdatedNotLeftAsItWas() {
    client.resource(egressTo("198.51.100.0/24")).create();

    assertThat(objects.applyNetworkPolicy(egressTo("192.0.2.7/32"), Optional.empty())).isTrue();

    assertThat(stored().getSpec()).isEqualTo(egressTo("192.0.2.7/32").getSpec());
  }

  @Test
  void aCachedPolicyThatMatchesIsNotWritten() {
    NetworkPolicy existing = client.resource(egressTo("192.0.2.7/32")).create();
    String version = existing.getMetadata().getResourceVersion();

    assertThat(objects.applyNetworkPolicy(egressTo("192.0.2.7/32"), Optional.of(existing)))
        .isFalse();

    assertThat(stored().getMetadata().getResourceVersion()).isEqualTo(version);
  }
}
