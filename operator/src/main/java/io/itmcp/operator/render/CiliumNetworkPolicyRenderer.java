package io.itmcp.operator.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.operator.config.ClusterDns;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.render.EgressPlan.AddressRule;
import io.itmcp.operator.render.EgressPlan.FqdnRule;
import io.itmcp.operator.render.EgressPlan.PortSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CiliumNetworkPolicy (cilium.io/v2) of a session in cilium mode: names as toFQDNs matchName,
 * wildcards as matchPattern, CIDRs as toCIDR, and the DNS rule through which Cilium's DNS proxy
 * learns the addresses the names resolve to. It adds to the NetworkPolicy; both select only the
 * session's pod.
 */
public final class CiliumNetworkPolicyRenderer {
  public static final String API_VERSION = "cilium.io/v2";
  public static final String KIND = "CiliumNetworkPolicy";
  static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";

  private CiliumNetworkPolicyRenderer() {}

  public static GenericKubernetesResource render(
      SessionRenderInput in, EgressPlan plan, OperatorOptions options) {
    List<Map<String, Object>> egress = new ArrayList<>();
    egress.add(dnsProxyRule(options.clusterDns()));
    options
        .clusterDns()
        .nodeLocalAddress()
        .ifPresent(address -> egress.add(nodeLocalDnsRule(address)));
    for (AddressRule rule : plan.addressRules()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("toCIDR", rule.cidrs());
      addPorts(item, rule.ports());
      egress.add(item);
    }
    for (FqdnRule rule : plan.fqdnRules()) {
      Map<String, Object> selector = new LinkedHashMap<>();
      if (rule.matchName() != null) {
        selector.put("matchName", rule.matchName());
      } else {
        selector.put("matchPattern", rule.matchPattern());
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("toFQDNs", List.of(selector));
      addPorts(item, rule.ports());
      egress.add(item);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("endpointSelector", Map.of("matchLabels", SessionLabels.selector(in.session())));
    spec.put("egress", egress);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(KIND)
        .withNewMetadata()
        .withName(SessionNaming.egressPolicy(in.session()))
        .withNamespace(in.session().getMetadata().getNamespace())
        .withLabels(SessionLabels.of(in.session(), in.policy().getMetadata().getName()))
        .withOwnerReferences(SessionLabels.owner(in.session()))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** Cluster DNS on 53 through Cilium's DNS proxy, which is how toFQDNs learns addresses. */
  private static Map<String, Object> dnsProxyRule(ClusterDns dns) {
    Map<String, String> labels = new LinkedHashMap<>();
    dns.namespaceLabels()
        .forEach(
            (k, v) ->
                labels.put(
                    NAMESPACE_LABEL.equals(k) ? "k8s:io.kubernetes.pod.namespace" : "k8s:" + k, v));
    dns.podLabels().forEach((k, v) -> labels.put("k8s:" + k, v));
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("toEndpoints", List.of(Map.of("matchLabels", labels)));
    rule.put(
        "toPorts",
        List.of(dnsPorts(dns.ports().stream().map(p -> port(p.port(), p.protocol())).toList())));
    return rule;
  }

  /** A node-local DNS cache, through the same DNS proxy rules. */
  private static Map<String, Object> nodeLocalDnsRule(String address) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("toCIDR", List.of(address.contains(":") ? address + "/128" : address + "/32"));
    String dnsPort = String.valueOf(ClusterDns.DNS_PORT);
    rule.put("toPorts", List.of(dnsPorts(List.of(port(dnsPort, "UDP"), port(dnsPort, "TCP")))));
    return rule;
  }

  private static Map<String, Object> dnsPorts(List<Map<String, Object>> ports) {
    Map<String, Object> toPorts = new LinkedHashMap<>();
    toPorts.put("ports", ports);
    toPorts.put("rules", Map.of("dns", List.of(Map.of("matchPattern", "*"))));
    return toPorts;
  }

  private static void addPorts(Map<String, Object> item, List<PortSpec> ports) {
    if (!ports.isEmpty()) {
      item.put(
          "toPorts",
          List.of(
              Map.of(
                  "ports",
                  ports.stream().map(p -> port(String.valueOf(p.port()), p.protocol())).toList())));
    }
  }

  private static Map<String, Object> port(String port, String protocol) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("port", port);
    map.put("protocol", protocol);
    return map;
  }
}
