package io.itmcp.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.schema.CrdSchema;
import io.itmcp.api.v1alpha1.EgressGrant;
import io.itmcp.api.v1alpha1.EgressRefusal;
import io.itmcp.api.v1alpha1.EgressStatus;
import io.itmcp.api.v1alpha1.ItmcpPolicyStatus;
import io.itmcp.api.v1alpha1.ItmcpSessionStatus;
import io.itmcp.api.v1alpha1.ResolvedHost;
import io.itmcp.api.v1alpha1.StatusBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every bounded status field, overflowed: the API server refuses such a status (422), and {@link
 * StatusBounds#cap} brings it back within the generated schema, saying what it cut.
 */
class StatusBoundsTest {

  private static JsonNode withStatus(String base, Object status) {
    ObjectNode manifest = (ObjectNode) Manifest.load(base);
    manifest.set("status", Serialization.jsonMapper().valueToTree(status));
    return manifest;
  }

  private static ItmcpSessionStatus overflowingSessionStatus() {
    ItmcpSessionStatus status = new ItmcpSessionStatus();
    status.setMessage(
        "200 entries grant nothing at the network layer: "
            + String.join(
                ", ",
                IntStream.range(0, 200)
                    .mapToObj(i -> "*.segment" + i + ".corp.example.com")
                    .toList()));
    List<Condition> conditions = new ArrayList<>();
    IntStream.range(0, 20)
        .forEach(
            i ->
                conditions.add(
                    new ConditionBuilder()
                        .withType("T" + i)
                        .withStatus("True")
                        .withReason("R")
                        .withMessage("m")
                        .withLastTransitionTime("2026-01-01T00:00:00Z")
                        .build()));
    status.setConditions(conditions);
    EgressStatus egress = new EgressStatus();
    egress.setMode("network-policy");
    List<EgressGrant> granted = new ArrayList<>();
    for (int i = 0; i < 1100; i++) {
      EgressGrant grant = new EgressGrant();
      grant.setEntry("h" + i + ".example.com");
      int cidrs = i == 0 ? 300 : 1;
      grant.setCidrs(
          IntStream.range(0, cidrs)
              .mapToObj(j -> "10." + (j / 256) + "." + (j % 256) + ".1/32")
              .toList());
      grant.setPorts(IntStream.rangeClosed(1, i == 0 ? 70 : 1).boxed().toList());
      granted.add(grant);
    }
    egress.setGranted(granted);
    List<EgressRefusal> refused = new ArrayList<>();
    for (int i = 0; i < 1100; i++) {
      EgressRefusal refusal = new EgressRefusal();
      refusal.setEntry("*." + "x".repeat(300));
      refusal.setReason(
          "'db' resolved to "
              + String.join(
                  ", ", IntStream.range(0, 100).mapToObj(j -> "169.254.0." + j).toList()));
      refused.add(refusal);
    }
    egress.setNotGranted(refused);
    status.setEgress(egress);
    return status;
  }

  @Test
  void anOverflowingSessionStatusIsRefusedAsItIs() {
    assertThat(
            CrdSchema.SESSION.create(withStatus("session-full.yaml", overflowingSessionStatus())))
        .extracting(v -> v.path() + " " + v.rule())
        .contains(
            "/status/message maxLength",
            "/status/conditions maxItems",
            "/status/egress/granted maxItems",
            "/status/egress/granted/0/cidrs maxItems",
            "/status/egress/granted/0/ports maxItems",
            "/status/egress/notGranted maxItems",
            "/status/egress/notGranted/0/entry maxLength",
            "/status/egress/notGranted/0/reason maxLength");
  }

  @Test
  void aCappedSessionStatusFitsTheSchemaAndSaysWhatWasCut() {
    ItmcpSessionStatus capped = StatusBounds.cap(overflowingSessionStatus());

    assertThat(CrdSchema.SESSION.create(withStatus("session-full.yaml", capped))).isEmpty();
    assertThat(capped.getMessage()).hasSize(StatusBounds.MESSAGE).endsWith("characters in all)");
    assertThat(capped.getEgress().getNotGranted())
        .hasSize(StatusBounds.EGRESS_ENTRIES)
        .last()
        .satisfies(r -> assertThat(r.getReason()).startsWith("77 more entries grant nothing"));
    assertThat(capped.getEgress().getGranted().get(StatusBounds.EGRESS_ENTRIES - 1).getEntry())
        .isEqualTo("(77 more entries not listed)");
  }

  private static ItmcpPolicyStatus overflowingPolicyStatus() {
    ItmcpPolicyStatus status = new ItmcpPolicyStatus();
    List<ResolvedHost> hosts = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      ResolvedHost host = new ResolvedHost();
      host.setHost("h" + i + ".example.com");
      host.setAddresses(
          IntStream.range(0, i == 0 ? 100 : 1).mapToObj(j -> "192.0.2." + j).toList());
      host.setResolvedAt("2026-01-01T00:00:00Z");
      hosts.add(host);
    }
    status.setResolvedHosts(hosts);
    status.setActiveSessions(0);
    return status;
  }

  @Test
  void aNameWithManyAddressesOverflowsThePolicyStatusUntilCapped() {
    assertThat(CrdSchema.POLICY.create(withStatus("policy-full.yaml", overflowingPolicyStatus())))
        .extracting(v -> v.path() + " " + v.rule())
        .contains("/status/resolvedHosts maxItems", "/status/resolvedHosts/0/addresses maxItems");

    ItmcpPolicyStatus capped = StatusBounds.cap(overflowingPolicyStatus());
    assertThat(CrdSchema.POLICY.create(withStatus("policy-full.yaml", capped))).isEmpty();
    assertThat(capped.getResolvedHosts().get(0).getAddresses()).hasSize(StatusBounds.ADDRESSES);
  }

  @Test
  void textWithinItsBoundIsLeftAlone() {
    assertThat(StatusBounds.text("ready", StatusBounds.MESSAGE)).isEqualTo("ready");
    assertThat(StatusBounds.text(null, StatusBounds.MESSAGE)).isNull();
  }
}
