package io.itmcp.operator.render;

import static io.itmcp.operator.render.RenderSupport.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.itmcp.api.v1alpha1.EgressRefusal;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.EgressMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkPolicyRendererTest {

  private static RenderedSession rendered(
      List<String> hosts, List<String> dnsServers, Map<String, List<String>> resolved) {
    ItmcpPolicy policy = Fixtures.policy("p", hosts);
    policy.getSpec().setDnsServers(dnsServers);
    return render(
        Fixtures.session("s1", "p", "alice"), policy, resolved, EgressMode.NETWORK_POLICY);
  }

  private static List<String> cidrsOf(NetworkPolicyEgressRule rule) {
    return rule.getTo().stream()
        .map(NetworkPolicyPeer::getIpBlock)
        .filter(b -> b != null)
        .map(b -> b.getCidr())
        .toList();
  }

  private static Optional<NetworkPolicyEgressRule> ruleTo(NetworkPolicy np, String cidr) {
    return np.getSpec().getEgress().stream().filter(r -> cidrsOf(r).contains(cidr)).findFirst();
  }

  private static List<String> ports(NetworkPolicyEgressRule rule) {
    return rule.getPorts() == null
        ? List.of()
        : rule.getPorts().stream()
            .map((NetworkPolicyPort p) -> p.getProtocol() + "/" + p.getPort().getIntVal())
            .toList();
  }

  /** The invariant: every rule names destinations, none of which is every address. */
  static void assertNoRuleOpenToAll(NetworkPolicy np) {
    assertThat(np.getSpec().getEgress())
        .allSatisfy(
            rule -> {
              assertThat(rule.getTo())
                  .as("egress rule without 'to' opens every address")
                  .isNotEmpty();
              assertThat(rule.getTo())
                  .allSatisfy(
                      peer -> {
                        boolean selects =
                            peer.getIpBlock() != null
                                || (peer.getNamespaceSelector() != null
                                    && peer.getPodSelector() != null
                                    && !peer.getPodSelector().getMatchLabels().isEmpty()
                                    && !peer.getNamespaceSelector().getMatchLabels().isEmpty());
                        assertThat(selects).as("peer %s names its destination", peer).isTrue();
                        if (peer.getIpBlock() != null) {
                          assertThat(peer.getIpBlock().getCidr()).isNotIn("0.0.0.0/0", "::/0");
                        }
                      });
            });
  }

  @Test
  void selectsOnlyTheSessionPodDeniesIngressAndLimitsEgress() {
    NetworkPolicy np = rendered(List.of(), List.of(), Map.of()).networkPolicy();
    assertThat(np.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of(SessionContract.SESSION_LABEL, "s1"));
    assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(np.getSpec().getIngress()).isNullOrEmpty();
    assertThat(np.getSpec().getEgress()).hasSize(1);
    assertNoRuleOpenToAll(np);
  }

  @Test
  void clusterDnsIsOneSelectedPeerOnUdpAndTcp53() {
    NetworkPolicyEgressRule dns =
        rendered(List.of(), List.of(), Map.of()).networkPolicy().getSpec().getEgress().get(0);
    assertThat(dns.getTo())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getNamespaceSelector().getMatchLabels())
                  .containsEntry("kubernetes.io/metadata.name", "kube-system");
              assertThat(peer.getPodSelector().getMatchLabels())
                  .containsEntry("k8s-app", "kube-dns");
              assertThat(peer.getIpBlock()).isNull();
            });
    assertThat(ports(dns)).containsExactly("UDP/53", "TCP/53");
  }

  @Test
  void dnsServersOpenOnly53ToTheirAddressV4AndV6() {
    NetworkPolicy np =
        rendered(List.of(), List.of("192.0.2.53", "2001:db8::53"), Map.of()).networkPolicy();
    assertThat(ports(ruleTo(np, "192.0.2.53/32").orElseThrow()))
        .containsExactly("UDP/53", "TCP/53");
    assertThat(ports(ruleTo(np, "2001:db8::53/128").orElseThrow()))
        .containsExactly("UDP/53", "TCP/53");
    assertNoRuleOpenToAll(np);
  }

  /**
   * The policy engine refuses such a policy at compile time; the planner fails closed on its own
   * too.
   */
  @Test
  void aDnsServersNetworkGrantsNothing() {
    EgressPlan plan =
        EgressPlanner.plan(
            List.of(), List.of("10.0.0.0/8"), ResolvedNames.none(), EgressMode.NETWORK_POLICY);
    assertThat(plan.addressRules()).isEmpty();
    assertThat(plan.status().getNotGranted())
        .extracting(EgressRefusal::getEntry)
        .containsExactly("10.0.0.0/8");
  }

  @Test
  void namesResolveToSlash32AndSlash128WithAllPortsWhenTheEntryHasNone() {
    NetworkPolicy np =
        rendered(
                List.of("db.example.com"),
                List.of(),
                Map.of("db.example.com", List.of("192.0.2.10", "2001:db8::10")))
            .networkPolicy();
    NetworkPolicyEgressRule rule = ruleTo(np, "192.0.2.10/32").orElseThrow();
    assertThat(cidrsOf(rule)).containsExactly("192.0.2.10/32", "2001:db8::10/128");
    assertThat(rule.getPorts()).isNullOrEmpty();
    assertNoRuleOpenToAll(np);
  }

  @Test
  void anEntryWithAPortOpensTcpOnThatPortOnly() {
    NetworkPolicy np =
        rendered(
                List.of("fw.example.com:22", "10.1.0.0/16:443", "[2001:db8::1]:8443"),
                List.of(),
                Map.of("fw.example.com", List.of("192.0.2.22")))
            .networkPolicy();
    assertThat(ports(ruleTo(np, "192.0.2.22/32").orElseThrow())).containsExactly("TCP/22");
    assertThat(ports(ruleTo(np, "10.1.0.0/16").orElseThrow())).containsExactly("TCP/443");
    assertThat(ports(ruleTo(np, "2001:db8::1/128").orElseThrow())).containsExactly("TCP/8443");
    assertNoRuleOpenToAll(np);
  }

  @Test
  void addressesAndCidrsAreUsedAsGivenV4AndV6() {
    RenderedSession r =
        rendered(List.of("192.0.2.7", "10.0.0.0/24", "2001:db8:1::/48"), List.of(), Map.of());
    assertThat(ruleTo(r.networkPolicy(), "192.0.2.7/32")).isPresent();
    assertThat(ruleTo(r.networkPolicy(), "10.0.0.0/24")).isPresent();
    assertThat(ruleTo(r.networkPolicy(), "2001:db8:1::/48")).isPresent();
    assertThat(r.egress().getGranted()).hasSize(3);
    assertThat(r.egress().getNotGranted()).isEmpty();
  }

  @Test
  void anUnresolvedNameGrantsNothingAndSaysSo() {
    RenderedSession r = rendered(List.of("gone.example.com", "192.0.2.7"), List.of(), Map.of());
    assertThat(r.networkPolicy().getSpec().getEgress()).hasSize(2);
    assertThat(r.egress().getNotGranted())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getEntry()).isEqualTo("gone.example.com");
              assertThat(n.getReason()).contains("did not resolve").contains("grants nothing");
            });
    assertNoRuleOpenToAll(r.networkPolicy());
  }

  @Test
  void wildcardsGrantNothingInNetworkPolicyMode() {
    RenderedSession r = rendered(List.of("*.corp.example.com"), List.of(), Map.of());
    assertThat(r.networkPolicy().getSpec().getEgress()).hasSize(1);
    assertThat(r.ciliumPolicy()).isEmpty();
    assertThat(r.egress().getMode()).isEqualTo("network-policy");
    assertThat(r.egress().getNotGranted())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getEntry()).isEqualTo("*.corp.example.com");
              assertThat(n.getReason()).contains("wildcards").contains("gateway still checks");
            });
  }

  @Test
  void dnsAnswersNeverOpenLoopbackLinkLocalOrMetadataAddresses() {
    RenderedSession r =
        rendered(
            List.of("evil.example.com"),
            List.of(),
            Map.of(
                "evil.example.com",
                List.of("169.254.169.254", "127.0.0.1", "::1", "fe80::1", "0.0.0.0", "192.0.2.9")));
    assertThat(r.networkPolicy().getSpec().getEgress()).hasSize(2);
    assertThat(cidrsOf(r.networkPolicy().getSpec().getEgress().get(1)))
        .containsExactly("192.0.2.9/32");
    assertThat(r.egress().getNotGranted())
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.getReason())
                    .contains("169.254.169.254")
                    .contains("127.0.0.1")
                    .contains("never opened"));
  }

  @Test
  void aNameResolvingOnlyToForbiddenAddressesGetsNoRule() {
    RenderedSession r =
        rendered(
            List.of("meta.example.com"),
            List.of(),
            Map.of("meta.example.com", List.of("169.254.169.254")));
    assertThat(r.networkPolicy().getSpec().getEgress()).hasSize(1);
    assertNoRuleOpenToAll(r.networkPolicy());
  }

  @Test
  void aMalformedEntryGrantsNothing() {
    EgressPlan plan =
        EgressPlanner.plan(
            List.of("not a host!!", "192.0.2.7"),
            List.of(),
            ResolvedNames.none(),
            EgressMode.NETWORK_POLICY);
    assertThat(plan.addressRules())
        .extracting(EgressPlan.AddressRule::entry)
        .containsExactly("192.0.2.7");
    assertThat(plan.status().getNotGranted())
        .extracting(EgressRefusal::getEntry)
        .containsExactly("not a host!!");
  }

  @Test
  void aResolvedAddressThatIsNotALiteralIsIgnored() {
    RenderedSession r =
        rendered(
            List.of("db.example.com"),
            List.of(),
            Map.of("db.example.com", List.of("other.example.com")));
    assertThat(r.networkPolicy().getSpec().getEgress()).hasSize(1);
  }
}
