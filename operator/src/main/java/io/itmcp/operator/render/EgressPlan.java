package io.itmcp.operator.render;

import io.itmcp.api.v1alpha1.EgressStatus;
import io.itmcp.operator.config.EgressMode;
import java.util.List;

/**
 * The egress one session gets, independent of how it is written down: address rules (for the
 * NetworkPolicy, and toCIDR in Cilium), FQDN rules (Cilium only), and the status that says what was
 * granted and what was not. Cluster DNS is always allowed and is not listed here.
 */
public record EgressPlan(
    EgressMode mode,
    List<AddressRule> addressRules,
    List<FqdnRule> fqdnRules,
    EgressStatus status) {

  /** Traffic to a port; TCP or UDP. */
  public record PortSpec(String protocol, int port) {}

  /**
   * Destinations given as CIDRs, from one allowedHosts or dnsServers entry.
   *
   * @param ports the ports opened; empty opens every port and protocol to these CIDRs only
   */
  public record AddressRule(String entry, List<String> cidrs, List<PortSpec> ports) {
    public AddressRule {
      if (cidrs.isEmpty()) {
        throw new IllegalArgumentException("an address rule must name its destinations: " + entry);
      }
      cidrs = List.copyOf(cidrs);
      ports = List.copyOf(ports);
    }
  }

  /** A name (matchName) or wildcard (matchPattern) Cilium resolves and enforces itself. */
  public record FqdnRule(
      String entry, String matchName, String matchPattern, List<PortSpec> ports) {
    public FqdnRule {
      ports = List.copyOf(ports);
    }
  }
}
