package io.itmcp.operator.render;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.operator.config.ClusterDns;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.render.EgressPlan.AddressRule;
import io.itmcp.operator.render.EgressPlan.PortSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The NetworkPolicy of a session: selects only its pod, allows no ingress, and allows egress only
 * to cluster DNS (and a node-local DNS cache, when configured) and to the plan's addresses. Every
 * rule has a non-empty {@code to}: a rule without one would open egress to every address.
 */
public final class NetworkPolicyRenderer {

  private NetworkPolicyRenderer() {}

  public static NetworkPolicy render(
      SessionRenderInput in, EgressPlan plan, OperatorOptions options) {
    List<NetworkPolicyEgressRule> egress = new ArrayList<>();
    egress.add(clusterDns(options.clusterDns()));
    options.clusterDns().nodeLocalAddress().ifPresent(address -> egress.add(nodeLocalDns(address)));
    for (AddressRule rule : plan.addressRules()) {
      List<NetworkPolicyPeer> peers =
          rule.cidrs().stream()
              .map(
                  cidr ->
                      new NetworkPolicyPeerBuilder()
                          .withNewIpBlock()
                          .withCidr(cidr)
                          .endIpBlock()
                          .build())
              .toList();
      NetworkPolicyEgressRuleBuilder builder = new NetworkPolicyEgressRuleBuilder().withTo(peers);
      if (!rule.ports().isEmpty()) {
        builder.withPorts(rule.ports().stream().map(NetworkPolicyRenderer::port).toList());
      }
      egress.add(builder.build());
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(SessionNaming.egressPolicy(in.session()))
        .withNamespace(in.session().getMetadata().getNamespace())
        .withLabels(SessionLabels.of(in.session(), in.policy().getMetadata().getName()))
        .withOwnerReferences(SessionLabels.owner(in.session()))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(SessionLabels.selector(in.session()))
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .withIngress(List.of())
        .withEgress(egress)
        .endSpec()
        .build();
  }

  /** The cluster DNS pods on their configured ports. */
  private static NetworkPolicyEgressRule clusterDns(ClusterDns dns) {
    NetworkPolicyPeer pods =
        new NetworkPolicyPeerBuilder()
            .withNewNamespaceSelector()
            .withMatchLabels(new LinkedHashMap<>(dns.namespaceLabels()))
            .endNamespaceSelector()
            .withNewPodSelector()
            .withMatchLabels(new LinkedHashMap<>(dns.podLabels()))
            .endPodSelector()
            .build();
    return new NetworkPolicyEgressRuleBuilder()
        .withTo(pods)
        .withPorts(
            dns.ports().stream()
                .map(
                    p ->
                        new NetworkPolicyPortBuilder()
                            .withProtocol(p.protocol())
                            .withPort(
                                p.numeric()
                                    ? new IntOrString(Integer.parseInt(p.port()))
                                    : new IntOrString(p.port()))
                            .build())
                .toList())
        .build();
  }

  /** A node-local DNS cache: a link-local address no pod selector matches, on UDP and TCP 53. */
  private static NetworkPolicyEgressRule nodeLocalDns(String address) {
    String cidr = address.contains(":") ? address + "/128" : address + "/32";
    return new NetworkPolicyEgressRuleBuilder()
        .withTo(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr).endIpBlock().build())
        .withPorts(
            port(new PortSpec("UDP", ClusterDns.DNS_PORT)),
            port(new PortSpec("TCP", ClusterDns.DNS_PORT)))
        .build();
  }

  private static NetworkPolicyPort port(PortSpec spec) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(spec.protocol())
        .withPort(new IntOrString(spec.port()))
        .build();
  }
}
