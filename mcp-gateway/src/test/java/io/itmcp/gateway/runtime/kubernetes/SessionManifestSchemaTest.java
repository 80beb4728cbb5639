package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.schema.CrdSchema;
import io.itmcp.api.testing.KubernetesObjectRules;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.testing.TestPolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every ItmcpSession the gateway writes passes the generated CRD schema and the API server's name
 * and label rules, whatever the caller and client send: the API server would refuse it (422) and
 * the MCP session could never start.
 */
class SessionManifestSchemaTest {

  private static List<String> refusals(ItmcpSession session) {
    JsonNode json = Serialization.jsonMapper().valueToTree(session);
    List<String> out = new ArrayList<>();
    CrdSchema.SESSION.create(json).forEach(v -> out.add(v.toString()));
    KubernetesObjectRules.metadata(json).forEach(v -> out.add(v.toString()));
    return out;
  }

  @Test
  void aUserInHundredsOfGroupsGetsASessionWithTheFirst64AndTheTruncationRecorded() {
    List<String> groups = IntStream.range(0, 150).mapToObj(i -> "entra-group-" + i).toList();
    ItmcpSession session =
        SessionManifest.of(
            new SessionRequest(
                "s1", new Identity("alice@example.com", groups), TestPolicies.named("p"), "c", "v"),
            "ns");

    assertThat(refusals(session)).isEmpty();
    assertThat(session.getSpec().getUser().getGroups())
        .hasSize(SessionManifest.MAX_GROUPS)
        .startsWith("entra-group-0");
    assertThat(session.getMetadata().getAnnotations())
        .containsEntry(SessionManifest.GROUPS_TRUNCATED_ANNOTATION, "64 of 150");
  }

  @Test
  void whateverTheClientAndCallerSendTheManifestIsAdmissible() {
    ItmcpSession session =
        SessionManifest.of(
            new SessionRequest(
                "any\u0000id",
                new Identity("system:serviceaccount:team-" + "x".repeat(80) + ":bot", List.of("g")),
                TestPolicies.named("team." + "p".repeat(200)),
                "n".repeat(500),
                "v".repeat(500)),
            "ns");

    assertThat(refusals(session)).isEmpty();
    assertThat(session.getSpec().getClient().getVersion()).hasSize(64);
    assertThat(session.getMetadata().getAnnotations()).isNull();
  }
}
