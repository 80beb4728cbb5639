package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import org.junit.jupiter.api.Test;

class PolicyHeldTest {

  private static ItmcpPolicy policy(String uid, String resourceVersion, Long generation) {
    ItmcpPolicy p = new ItmcpPolicy();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withName("netops")
            .withUid(uid)
            .withResourceVersion(resourceVersion)
            .withGeneration(generation)
            .build());
    return p;
  }

  @Test
  void theSameVersionIsHeld() {
    assertThat(PolicyHeld.by(policy("u1", "67", 3L), policy("u1", "67", 3L))).isTrue();
  }

  @Test
  void aLaterWriteOfTheSameGenerationHoldsTheEdit() {
    // the operator's status write after the spec edit at 67
    assertThat(PolicyHeld.by(policy("u1", "68", 3L), policy("u1", "67", 3L))).isTrue();
  }

  @Test
  void aLaterGenerationHoldsTheEdit() {
    assertThat(PolicyHeld.by(policy("u1", "80", 4L), policy("u1", "67", 3L))).isTrue();
  }

  @Test
  void anOlderGenerationDoesNot() {
    assertThat(PolicyHeld.by(policy("u1", "66", 2L), policy("u1", "67", 3L))).isFalse();
  }

  @Test
  void aPolicyDeletedAndCreatedAgainIsAnotherObject() {
    assertThat(PolicyHeld.by(policy("u2", "90", 5L), policy("u1", "67", 3L))).isFalse();
  }

  @Test
  void nothingStoredHoldsNothing() {
    assertThat(PolicyHeld.by(null, policy("u1", "67", 3L))).isFalse();
  }

  @Test
  void withoutGenerationsOnlyTheSameVersionCounts() {
    assertThat(PolicyHeld.by(policy("u1", "68", null), policy("u1", "67", null))).isFalse();
    assertThat(PolicyHeld.by(policy("u1", "67", null), policy("u1", "67", null))).isTrue();
  }
}
