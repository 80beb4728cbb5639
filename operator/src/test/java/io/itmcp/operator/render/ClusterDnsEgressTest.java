package io.itmcp.operator.render;

import static io.itmcp.operator.render.RenderSupport.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.config.ClusterDns;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DNS part of a session's egress for each cluster DNS setting: kube-dns, OpenShift (its own
 * namespace and labels, named ports that are 5353), a NodeLocal DNSCache, and both. In each, the
 * cluster DNS pods are one rule naming their namespace and pod labels and ports; a node-local cache
 * is one more rule to its address alone on 53; nothing else is opened for DNS.
 */
class ClusterDnsEgressTest {

  record Setting(String name, ClusterDns dns) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final ClusterDns OPENSHIFT =
      ClusterDns.kubeDns()
          .withNamespaceLabels(Map.of("kubernetes.io/metadata.name", "openshift-dns"))
          .withPodLabels(Map.of("dns.operator.openshift.io/daemonset-dns", "default"))
          .withPorts(ClusterDns.parsePorts("UDP:dns,TCP:dns-tcp"));

  static Stream<Setting> settings() {
    return Stream.of(
        new Setting("kube-dns", ClusterDns.kubeDns()),
        new Setting("OpenShift", OPENSHIFT),
        new Setting(
            "NodeLocal DNSCache",
            ClusterDns.kubeDns().withNodeLocalAddress(Optional.of("169.254.20.10"))),
        new Setting(
            "NodeLocal DNSCache on IPv6",
            ClusterDns.kubeDns().withNodeLocalAddress(Optional.of("fd00::a"))),
        new Setting(
            "OpenShift and a node-local cache",
            OPENSHIFT.withNodeLocalAddress(Optional.of("169.254.20.10"))),
        new Setting(
            "numeric 5353",
            ClusterDns.kubeDns().withPorts(ClusterDns.parsePorts("UDP:5353,TCP:5353"))));
  }

  static RenderedSession rendered(ClusterDns dns, EgressMode mode) {
    OperatorOptions options = OperatorOptions.builder().clusterDns(dns).build();
    return render(
        Fixtures.session("s1", "p", "alice"),
        Fixtures.policy("p", List.of("192.0.2.7:22")),
        Map.of(),
        mode,
        options);
  }

  static String cidr(String address) {
    return address.contains(":") ? address + "/128" : address + "/32";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void networkPolicyOpensExactlyTheConfiguredDns(Setting setting) {
    ClusterDns dns = setting.dns();
    NetworkPolicy np = rendered(dns, EgressMode.NETWORK_POLICY).networkPolicy();
    List<NetworkPolicyEgressRule> egress = np.getSpec().getEgress();

    NetworkPolicyEgressRule pods = egress.get(0);
    assertThat(pods.getTo())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getIpBlock()).isNull();
              assertThat(peer.getNamespaceSelector().getMatchLabels())
                  .isEqualTo(dns.namespaceLabels());
              assertThat(peer.getNamespaceSelector().getMatchExpressions()).isNullOrEmpty();
              assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(dns.podLabels());
              assertThat(peer.getPodSelector().getMatchExpressions()).isNullOrEmpty();
            });
    assertThat(pods.getPorts())
        .extracting(p -> p.getProtocol() + "/" + portText(p.getPort()))
        .containsExactlyElementsOf(
            dns.ports().stream().map(p -> p.protocol() + "/" + p.port()).toList());
    assertThat(pods.getPorts())
        .allSatisfy(
            p ->
                assertThat(p.getPort().getIntVal() == null)
                    .as("a port name stays a name (it matches the DNS pods' own port of that name)")
                    .isEqualTo(p.getPort().getStrVal() != null));

    List<NetworkPolicyEgressRule> toNodeLocal =
        egress.stream()
            .filter(
                r ->
                    r.getTo().stream()
                        .map(NetworkPolicyPeer::getIpBlock)
                        .anyMatch(
                            b ->
                                b != null
                                    && dns.nodeLocalAddress()
                                        .map(ClusterDnsEgressTest::cidr)
                                        .orElse("-")
                                        .equals(b.getCidr())))
            .toList();
    if (dns.nodeLocalAddress().isPresent()) {
      assertThat(toNodeLocal)
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.getTo()).hasSize(1);
                assertThat(rule.getTo().get(0).getIpBlock().getExcept()).isNullOrEmpty();
                assertThat(rule.getPorts())
                    .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                    .containsExactly("UDP/53", "TCP/53");
              });
      assertThat(egress).hasSize(3);
    } else {
      assertThat(toNodeLocal).isEmpty();
      assertThat(egress).as("cluster DNS and the one allowed host, nothing else").hasSize(2);
    }
    assertThat(egress.get(egress.size() - 1).getTo())
        .extracting(p -> p.getIpBlock().getCidr())
        .containsExactly("192.0.2.7/32");
    NetworkPolicyRendererTest.assertNoRuleOpenToAll(np);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  @SuppressWarnings("unchecked")
  void ciliumSendsTheConfiguredDnsThroughItsDnsProxy(Setting setting) {
    ClusterDns dns = setting.dns();
    GenericKubernetesResource cnp = rendered(dns, EgressMode.CILIUM).ciliumPolicy().orElseThrow();
    List<Map<String, Object>> egress =
        (List<Map<String, Object>>)
            ((Map<String, Object>) cnp.getAdditionalProperties().get("spec")).get("egress");
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    dns.namespaceLabels()
        .forEach(
            (k, v) ->
                labels.put(
                    "kubernetes.io/metadata.name".equals(k)
                        ? "k8s:io.kubernetes.pod.namespace"
                        : "k8s:" + k,
                    v));
    dns.podLabels().forEach((k, v) -> labels.put("k8s:" + k, v));
    Map<String, Object> proxy = Map.of("dns", List.of(Map.of("matchPattern", "*")));
    assertThat(egress.get(0))
        .isEqualTo(
            Map.of(
                "toEndpoints", List.of(Map.of("matchLabels", labels)),
                "toPorts",
                    List.of(
                        Map.of(
                            "ports",
                            dns.ports().stream()
                                .map(p -> Map.of("port", p.port(), "protocol", p.protocol()))
                                .toList(),
                            "rules",
                            proxy))));
    List<Map<String, Object>> nodeLocal =
        egress.stream()
            .filter(
                rule ->
                    rule.containsKey("toCIDR")
                        && dns.nodeLocalAddress()
                            .map(a -> List.of(cidr(a)).equals(rule.get("toCIDR")))
                            .orElse(false))
            .toList();
    if (dns.nodeLocalAddress().isPresent()) {
      assertThat(nodeLocal)
          .singleElement()
          .isEqualTo(
              Map.of(
                  "toCIDR",
                  List.of(cidr(dns.nodeLocalAddress().get())),
                  "toPorts",
                  List.of(
                      Map.of(
                          "ports",
                          List.of(
                              Map.of("port", "53", "protocol", "UDP"),
                              Map.of("port", "53", "protocol", "TCP")),
                          "rules",
                          proxy))));
    } else {
      assertThat(nodeLocal).isEmpty();
    }
  }

  private static String portText(IntOrString port) {
    return port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
  }
}
