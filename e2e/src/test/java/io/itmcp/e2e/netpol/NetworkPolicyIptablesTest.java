package io.itmcp.e2e.netpol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.itmcp.e2e.pod.TestSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rendered NetworkPolicy as iptables rules (pure; no engine needed). */
class NetworkPolicyIptablesTest {
  private static final String POLICY =
      """
      apiVersion: itmcp.io/v1alpha1
      kind: ItmcpPolicy
      metadata: {name: unit, namespace: itmcp-sandboxes}
      spec:
        tools: [ping, telnet, dig]
        allowedHosts: [10.1.0.5, "10.2.0.0/24:443", "[2001:db8::1]:22", db.example.com]
        dnsServers: [10.3.0.53]
      """;
  private final TestSession session =
      TestSession.render(POLICY, Map.of("db.example.com", List.of("10.4.0.9")));

  @Test
  void everyRenderedRuleBecomesAnAllowAndTheRestIsDropped() {
    NetworkPolicyIptables.Rules rules =
        NetworkPolicyIptables.translate(
            session.rendered().networkPolicy(), session.rendered().pod(), "172.30.0.2");
    assertThat(rules.egress())
        .first()
        .isEqualTo(List.of("-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "RETURN"));
    assertThat(rules.egress())
        .contains(
            List.of("-d", "10.1.0.5/32", "-j", "RETURN"),
            List.of("-d", "10.2.0.0/24", "-p", "tcp", "--dport", "443", "-j", "RETURN"),
            List.of("-d", "10.3.0.53/32", "-p", "udp", "--dport", "53", "-j", "RETURN"),
            List.of("-d", "10.3.0.53/32", "-p", "tcp", "--dport", "53", "-j", "RETURN"),
            List.of("-d", "10.4.0.9/32", "-j", "RETURN"));
    assertThat(rules.egress()).last().isEqualTo(List.of("-j", "DROP"));
    assertThat(rules.egress())
        .as("no rule opens every destination")
        .allSatisfy(
            r -> {
              if (r.contains("RETURN") && !r.contains("conntrack")) {
                assertThat(r).contains("-d");
              }
            });
    assertThat(rules.ingress())
        .containsExactly(
            List.of("-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "RETURN"),
            List.of("-j", "DROP"));
    assertThat(rules.notes())
        .anyMatch(n -> n.contains("2001:db8::1/128"))
        .anyMatch(n -> n.contains("kube-dns"));
  }

  @Test
  void aPolicyThatDoesNotSelectThePodOrUsesUnknownFeaturesIsRefused() {
    NetworkPolicy other =
        new NetworkPolicyBuilder(session.rendered().networkPolicy())
            .editSpec()
            .editPodSelector()
            .withMatchLabels(Map.of("itmcp.io/session", "someone-else"))
            .endPodSelector()
            .endSpec()
            .build();
    assertThatThrownBy(
            () -> NetworkPolicyIptables.translate(other, session.rendered().pod(), "172.30.0.2"))
        .hasMessageContaining("does not select the pod");
    NetworkPolicy except =
        new NetworkPolicyBuilder(session.rendered().networkPolicy())
            .editSpec()
            .editLastEgress()
            .editFirstTo()
            .editIpBlock()
            .withExcept("10.4.0.9/32")
            .endIpBlock()
            .endTo()
            .endEgress()
            .endSpec()
            .build();
    assertThatThrownBy(
            () -> NetworkPolicyIptables.translate(except, session.rendered().pod(), "172.30.0.2"))
        .hasMessageContaining("except");
  }
}
