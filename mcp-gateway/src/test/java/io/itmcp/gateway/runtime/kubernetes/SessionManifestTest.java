package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.testing.TestPolicies;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionManifestTest {

  @Test
  void withoutClientInfoThereIsNoClientBlock() {
    ItmcpSession session =
        SessionManifest.of(
            new SessionRequest(
                "s1", new Identity("alice", List.of()), TestPolicies.named("p"), null, null),
            "ns");

    assertThat(session.getSpec().getClient()).isNull();
    assertThat(session.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(session.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "itmcp-gateway");
  }

  @Test
  void clientInfoFromTheClientIsKeptPrintableAndShort() {
    ItmcpSession session =
        SessionManifest.of(
            new SessionRequest(
                "s1",
                new Identity("alice", List.of()),
                TestPolicies.named("p"),
                "evil\nclient\u0000" + "x".repeat(500),
                "1.0\r\n"),
            "ns");

    assertThat(session.getSpec().getClient().getName())
        .doesNotContain("\n", "\u0000")
        .hasSize(128)
        .startsWith("evilclient");
    assertThat(session.getSpec().getClient().getVersion()).isEqualTo("1.0");
  }

  @Test
  void theUserAndPolicyAreInTheSpecExactlyAndInLabelsSanitised() {
    ItmcpSession session =
        SessionManifest.of(
            new SessionRequest(
                "s1",
                new Identity("oidc:https://idp.example.com#bob", List.of("g1")),
                TestPolicies.named("team.dns-checks"),
                "c",
                "v"),
            "ns");

    assertThat(session.getSpec().getUser().getName()).isEqualTo("oidc:https://idp.example.com#bob");
    assertThat(session.getSpec().getPolicyRef().getName()).isEqualTo("team.dns-checks");
    assertThat(session.getMetadata().getLabels().get("itmcp.io/user"))
        .matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    assertThat(session.getMetadata().getLabels().get("itmcp.io/policy"))
        .isEqualTo("team.dns-checks");
  }
}
