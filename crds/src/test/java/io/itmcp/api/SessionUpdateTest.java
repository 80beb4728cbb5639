package io.itmcp.api;

import static io.itmcp.api.Manifest.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.api.schema.CrdSchema;
import io.itmcp.api.schema.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transition rules: what a session may not change once it exists. */
class SessionUpdateTest {

  private final JsonNode existing = Manifest.load("session-full.yaml");

  @Test
  void refusesMovingASessionToAnotherPolicy() {
    JsonNode moved =
        Manifest.edited("session-full.yaml", List.of(set("/spec/policyRef/name", "everything")));

    assertThat(CrdSchema.SESSION.update(existing, moved))
        .containsExactly(new Violation("/spec/policyRef", "cel", "policyRef is immutable"));
  }

  @Test
  void refusesChangingTheSessionsUser() {
    JsonNode impersonated =
        Manifest.edited("session-full.yaml", List.of(set("/spec/user/name", "root")));

    assertThat(CrdSchema.SESSION.update(existing, impersonated))
        .containsExactly(new Violation("/spec/user", "cel", "user is immutable"));
  }

  @Test
  void acceptsAStatusUpdateThatLeavesTheSpecAlone() {
    JsonNode expired =
        Manifest.edited("session-full.yaml", List.of(set("/status/phase", "Expired")));

    assertThat(CrdSchema.SESSION.update(existing, expired)).isEmpty();
  }

  @Test
  void createdSessionsHaveNoOldSelfToCompare() {
    JsonNode created =
        Manifest.edited("session-full.yaml", List.of(set("/spec/policyRef/name", "everything")));

    assertThat(CrdSchema.SESSION.create(created)).isEmpty();
  }
}
