package io.itmcp.e2e.netpol;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A NetworkPolicy as iptables rules for one pod's address, by standard NetworkPolicy semantics: the
 * policy must select the pod; with Egress in policyTypes every new connection from the pod is
 * dropped unless some egress rule allows it (a rule allows its {@code to} peers on its ports; no
 * ports means every protocol and port, ICMP included; ports mean only those); with Ingress and no
 * ingress rules nothing new may reach the pod; replies to allowed connections pass. Pure: returns
 * the rules, {@link EgressFirewall} installs them.
 *
 * <p>Peers chosen by namespace/pod selectors (cluster DNS) select pods of a cluster; there are none
 * here, so they grant nothing (listed in {@link Rules#notes()}). IPv6 blocks are listed too: the
 * test networks have no IPv6. Anything else it does not know (except lists, named ports, SCTP)
 * fails loudly.
 */
public final class NetworkPolicyIptables {

  /**
   * @param egress rules of the pod's egress chain, in order, each the arguments after {@code -A
   *     CHAIN}
   * @param ingress rules of the pod's ingress chain
   * @param notes what was not turned into rules, and why
   */
  public record Rules(List<List<String>> egress, List<List<String>> ingress, List<String> notes) {}

  private NetworkPolicyIptables() {}

  public static Rules translate(NetworkPolicy policy, Pod pod, String podIp) {
    requireSelects(policy.getSpec().getPodSelector(), pod);
    List<String> types =
        policy.getSpec().getPolicyTypes() == null ? List.of() : policy.getSpec().getPolicyTypes();
    List<String> notes = new ArrayList<>();
    List<List<String>> egress = new ArrayList<>();
    if (types.contains("Egress")) {
      egress.add(List.of("-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "RETURN"));
      for (NetworkPolicyEgressRule rule : nonNull(policy.getSpec().getEgress())) {
        egress.addAll(allowRules(rule, notes));
      }
      egress.add(List.of("-j", "DROP"));
    }
    List<List<String>> ingress = new ArrayList<>();
    if (types.contains("Ingress")) {
      if (!nonNull(policy.getSpec().getIngress()).isEmpty()) {
        throw new IllegalArgumentException(
            "ingress rules are not translated (the renderer allows no ingress)");
      }
      ingress.add(List.of("-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "RETURN"));
      ingress.add(List.of("-j", "DROP"));
    }
    return new Rules(egress, ingress, notes);
  }

  private static List<List<String>> allowRules(NetworkPolicyEgressRule rule, List<String> notes) {
    List<List<String>> destinations = new ArrayList<>();
    List<NetworkPolicyPeer> to = nonNull(rule.getTo());
    if (to.isEmpty()) {
      destinations.add(List.of());
    }
    for (NetworkPolicyPeer peer : to) {
      IPBlock block = peer.getIpBlock();
      if (block == null) {
        notes.add(
            "peer "
                + peer.getNamespaceSelector()
                + " / "
                + peer.getPodSelector()
                + " selects cluster pods; there are none here, so it grants nothing");
        continue;
      }
      if (peer.getNamespaceSelector() != null || peer.getPodSelector() != null) {
        throw new IllegalArgumentException(
            "a peer with both ipBlock and selectors is invalid: " + peer);
      }
      if (!nonNull(block.getExcept()).isEmpty()) {
        throw new IllegalArgumentException("ipBlock.except is not translated: " + block);
      }
      if (block.getCidr().contains(":")) {
        notes.add("ipBlock " + block.getCidr() + " is IPv6; the test networks are IPv4 only");
        continue;
      }
      destinations.add(List.of("-d", block.getCidr()));
    }
    List<List<String>> ports = new ArrayList<>();
    List<NetworkPolicyPort> rulePorts = nonNull(rule.getPorts());
    if (rulePorts.isEmpty()) {
      ports.add(List.of());
    }
    for (NetworkPolicyPort port : rulePorts) {
      String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
      if (!protocol.equals("TCP") && !protocol.equals("UDP")) {
        throw new IllegalArgumentException("protocol " + protocol + " is not translated");
      }
      List<String> match =
          new ArrayList<>(List.of("-p", protocol.toLowerCase(java.util.Locale.ROOT)));
      IntOrString number = port.getPort();
      if (number != null) {
        if (number.getIntVal() == null) {
          throw new IllegalArgumentException(
              "named port " + number.getStrVal() + " is not translated");
        }
        match.addAll(
            List.of(
                "--dport",
                port.getEndPort() == null
                    ? number.getIntVal().toString()
                    : number.getIntVal() + ":" + port.getEndPort()));
      }
      ports.add(match);
    }
    List<List<String>> rules = new ArrayList<>();
    for (List<String> destination : destinations) {
      for (List<String> port : ports) {
        List<String> r = new ArrayList<>(destination);
        r.addAll(port);
        r.addAll(List.of("-j", "RETURN"));
        rules.add(r);
      }
    }
    return rules;
  }

  private static void requireSelects(LabelSelector selector, Pod pod) {
    if (selector == null) {
      throw new IllegalArgumentException("the NetworkPolicy has no podSelector");
    }
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      throw new IllegalArgumentException("matchExpressions are not translated");
    }
    Map<String, String> labels =
        pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    Map<String, String> wanted =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    wanted.forEach(
        (k, v) -> {
          if (!v.equals(labels.get(k))) {
            throw new IllegalArgumentException(
                "the NetworkPolicy does not select the pod: it wants "
                    + k
                    + "="
                    + v
                    + ", the pod has "
                    + labels);
          }
        });
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
