package io.itmcp.operator.render;

import static io.itmcp.operator.render.RenderSupport.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.SessionContract;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.EgressMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CiliumNetworkPolicyRendererTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> egress(GenericKubernetesResource cnp) {
    return (List<Map<String, Object>>)
        ((Map<String, Object>) cnp.getAdditionalProperties().get("spec")).get("egress");
  }

  private static RenderedSession rendered(List<String> hosts, Map<String, List<String>> resolved) {
    ItmcpPolicy policy = Fixtures.policy("p", hosts);
    policy.getSpec().setDnsServers(List.of("192.0.2.53"));
    return render(Fixtures.session("s1", "p", "alice"), policy, resolved, EgressMode.CILIUM);
  }

  @Test
  void namesAndWildcardsBecomeToFqdnsWithTheirPorts() {
    RenderedSession r =
        rendered(
            List.of("db.example.com", "*.corp.example.com:443", "gone.example.com"),
            Map.of("db.example.com", List.of("192.0.2.10")));
    GenericKubernetesResource cnp = r.ciliumPolicy().orElseThrow();
    assertThat(cnp.getApiVersion()).isEqualTo("cilium.io/v2");
    assertThat(cnp.getKind()).isEqualTo("CiliumNetworkPolicy");
    assertThat(egress(cnp))
        .contains(
            Map.of("toFQDNs", List.of(Map.of("matchName", "db.example.com"))),
            Map.of(
                "toFQDNs",
                List.of(Map.of("matchPattern", "*.corp.example.com")),
                "toPorts",
                List.of(Map.of("ports", List.of(Map.of("port", "443", "protocol", "TCP"))))),
            Map.of("toFQDNs", List.of(Map.of("matchName", "gone.example.com"))));
    assertThat(r.egress().getMode()).isEqualTo("cilium");
    assertThat(r.egress().getNotGranted()).isEmpty();
  }

  @Test
  void theDnsProxyRuleLetsCiliumLearnAddresses() {
    GenericKubernetesResource cnp = rendered(List.of(), Map.of()).ciliumPolicy().orElseThrow();
    Map<String, Object> dns = egress(cnp).get(0);
    assertThat(dns.get("toEndpoints"))
        .isEqualTo(
            List.of(
                Map.of(
                    "matchLabels",
                    Map.of(
                        "k8s:io.kubernetes.pod.namespace",
                        "kube-system",
                        "k8s:k8s-app",
                        "kube-dns"))));
    assertThat(dns.get("toPorts"))
        .isEqualTo(
            List.of(
                Map.of(
                    "ports",
                        List.of(
                            Map.of("port", "53", "protocol", "UDP"),
                            Map.of("port", "53", "protocol", "TCP")),
                    "rules", Map.of("dns", List.of(Map.of("matchPattern", "*"))))));
  }

  @Test
  void cidrsBecomeToCidrAndTheSelectorIsTheSessionOnly() {
    GenericKubernetesResource cnp =
        rendered(List.of("10.0.0.0/24:443", "2001:db8::/64"), Map.of())
            .ciliumPolicy()
            .orElseThrow();
    assertThat(egress(cnp))
        .contains(
            Map.of(
                "toCIDR",
                List.of("10.0.0.0/24"),
                "toPorts",
                List.of(Map.of("ports", List.of(Map.of("port", "443", "protocol", "TCP"))))),
            Map.of("toCIDR", List.of("2001:db8::/64")),
            Map.of(
                "toCIDR",
                List.of("192.0.2.53/32"),
                "toPorts",
                List.of(
                    Map.of(
                        "ports",
                        List.of(
                            Map.of("port", "53", "protocol", "UDP"),
                            Map.of("port", "53", "protocol", "TCP"))))));
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) cnp.getAdditionalProperties().get("spec");
    assertThat(spec.get("endpointSelector"))
        .isEqualTo(Map.of("matchLabels", Map.of(SessionContract.SESSION_LABEL, "s1")));
    assertThat(spec).doesNotContainKey("ingress");
  }

  @Test
  void everyEgressItemNamesADestination() {
    GenericKubernetesResource cnp =
        rendered(
                List.of("db.example.com", "*.x.example.com", "192.0.2.1"),
                Map.of("db.example.com", List.of("192.0.2.10")))
            .ciliumPolicy()
            .orElseThrow();
    assertThat(egress(cnp))
        .allSatisfy(
            item -> assertThat(item.keySet()).containsAnyOf("toFQDNs", "toCIDR", "toEndpoints"));
    assertThat(egress(cnp))
        .noneSatisfy(item -> assertThat(item.get("toCIDR")).isEqualTo(List.of("0.0.0.0/0")));
  }

  @Test
  void theNetworkPolicyIsStillRenderedInCiliumMode() {
    RenderedSession r =
        rendered(List.of("db.example.com"), Map.of("db.example.com", List.of("192.0.2.10")));
    assertThat(r.networkPolicy().getSpec().getEgress()).hasSize(3);
    NetworkPolicyRendererTest.assertNoRuleOpenToAll(r.networkPolicy());
  }
}
