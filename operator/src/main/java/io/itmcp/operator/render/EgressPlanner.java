package io.itmcp.operator.render;

import io.itmcp.api.v1alpha1.EgressGrant;
import io.itmcp.api.v1alpha1.EgressRefusal;
import io.itmcp.api.v1alpha1.EgressStatus;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.render.EgressPlan.AddressRule;
import io.itmcp.operator.render.EgressPlan.FqdnRule;
import io.itmcp.operator.render.EgressPlan.PortSpec;
import io.itmcp.policy.HostRule;
import io.itmcp.policy.IpLiterals;
import io.itmcp.policy.IpNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a policy's allowedHosts and dnsServers, plus the addresses its names resolved to, into an
 * {@link EgressPlan}. Fail closed: every rule names its destinations; an entry that cannot be
 * expressed grants nothing and is listed in {@code notGranted} with the reason.
 *
 * <p>Ports: an entry without a port opens every port and protocol (so ping works) to its addresses;
 * an entry with a port opens TCP to that port only (the tools that take ports, ssh and telnet
 * checks, speak TCP). dnsServers open UDP and TCP 53.
 */
public final class EgressPlanner {
  public static final int DNS_PORT = 53;
  static final String WILDCARD_NOT_GRANTED =
      "wildcards cannot be expressed as addresses: in"
          + " network-policy mode this entry opens nothing at the network layer (the gateway still"
          + " checks it); egress mode cilium enforces it with toFQDNs";

  static final String SINGLE_LABEL_NOT_GRANTED =
      "a single-label name would be resolved through the operator's DNS"
          + " search path (its own namespace's cluster domains first), not as the sandbox or the person meant it;"
          + " write the fully qualified name (for a Service: name.namespace.svc.cluster.local)";

  private EgressPlanner() {}

  /** A name without a dot (trailing dot aside): resolving it would depend on a search path. */
  public static boolean isSingleLabel(String name) {
    String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return !bare.contains(".");
  }

  public static EgressPlan plan(
      List<String> allowedHosts, List<String> dnsServers, ResolvedNames names, EgressMode mode) {
    if (mode == EgressMode.AUTO) {
      throw new IllegalArgumentException("resolve egress mode auto before planning");
    }
    List<AddressRule> addressRules = new ArrayList<>();
    List<FqdnRule> fqdnRules = new ArrayList<>();
    List<EgressGrant> granted = new ArrayList<>();
    List<EgressRefusal> notGranted = new ArrayList<>();

    for (String server : nullSafe(dnsServers)) {
      try {
        String cidr = hostCidr(IpNetwork.parse(server));
        List<PortSpec> ports =
            List.of(new PortSpec("UDP", DNS_PORT), new PortSpec("TCP", DNS_PORT));
        addressRules.add(new AddressRule(server, List.of(cidr), ports));
        granted.add(grant(server, List.of(cidr), List.of(DNS_PORT)));
      } catch (IllegalArgumentException e) {
        notGranted.add(refusal(server, "dnsServers entry is not an IP address: " + e.getMessage()));
      }
    }

    for (String entry : nullSafe(allowedHosts)) {
      HostRule rule;
      try {
        rule = HostRule.parse(entry);
      } catch (IllegalArgumentException e) {
        notGranted.add(refusal(entry, "malformed entry grants nothing: " + e.getMessage()));
        continue;
      }
      List<PortSpec> ports =
          rule.port().isPresent()
              ? List.of(new PortSpec("TCP", rule.port().getAsInt()))
              : List.of();
      List<Integer> grantedPorts =
          rule.port().isPresent() ? List.of(rule.port().getAsInt()) : List.of();
      switch (rule.kind()) {
        case ADDRESS, CIDR -> {
          List<String> cidrs = List.of(rule.network().toCidr());
          addressRules.add(new AddressRule(entry, cidrs, ports));
          granted.add(grant(entry, cidrs, grantedPorts));
        }
        case NAME -> {
          if (isSingleLabel(rule.name())) {
            notGranted.add(refusal(entry, SINGLE_LABEL_NOT_GRANTED));
            continue;
          }
          List<String> cidrs = new ArrayList<>();
          List<String> dropped = new ArrayList<>();
          for (String address : names.addressesOf(rule.name())) {
            addressCidr(address).ifPresentOrElse(cidrs::add, () -> dropped.add(address));
          }
          if (!dropped.isEmpty()) {
            notGranted.add(
                refusal(
                    entry,
                    "'"
                        + rule.name()
                        + "' resolved to "
                        + String.join(", ", dropped)
                        + ": loopback, link-local (cloud metadata), unspecified and multicast addresses are"
                        + " never opened from DNS answers; list an address explicitly to allow it"));
          }
          if (!cidrs.isEmpty()) {
            addressRules.add(new AddressRule(entry, cidrs, ports));
          }
          if (mode == EgressMode.CILIUM) {
            fqdnRules.add(new FqdnRule(entry, rule.name(), null, ports));
            granted.add(grant(entry, cidrs, grantedPorts));
          } else if (cidrs.isEmpty()) {
            notGranted.add(
                refusal(
                    entry,
                    "'"
                        + rule.name()
                        + "' did not resolve ("
                        + names.failureOf(rule.name())
                        + "); it grants nothing until it resolves"));
          } else {
            granted.add(grant(entry, cidrs, grantedPorts));
          }
        }
        case WILDCARD -> {
          if (mode == EgressMode.CILIUM) {
            fqdnRules.add(new FqdnRule(entry, null, "*." + rule.name(), ports));
            granted.add(grant(entry, List.of(), grantedPorts));
          } else {
            notGranted.add(refusal(entry, WILDCARD_NOT_GRANTED));
          }
        }
        default -> throw new IllegalStateException("unknown host rule kind " + rule.kind());
      }
    }

    EgressStatus status = new EgressStatus();
    status.setMode(mode.wireName());
    status.setGranted(granted);
    status.setNotGranted(notGranted);
    return new EgressPlan(mode, addressRules, fqdnRules, status);
  }

  private static String hostCidr(IpNetwork network) {
    int full = network.isIpv6() ? 128 : 32;
    if (network.prefixLength() != full) {
      throw new IllegalArgumentException(
          "'" + network.toCidr() + "' is a network, not one address");
    }
    return network.toCidr();
  }

  /** A resolved address as a /32 or /128, unless it is one a DNS answer must never open. */
  private static Optional<String> addressCidr(String address) {
    return IpLiterals.parseLiteral(address)
        .filter(
            a ->
                !(a.isLoopbackAddress()
                    || a.isLinkLocalAddress()
                    || a.isAnyLocalAddress()
                    || a.isMulticastAddress()))
        .map(a -> new IpNetwork(a, a.getAddress().length == 4 ? 32 : 128).toCidr());
  }

  private static EgressGrant grant(String entry, List<String> cidrs, List<Integer> ports) {
    EgressGrant grant = new EgressGrant();
    grant.setEntry(entry);
    grant.setCidrs(cidrs);
    grant.setPorts(ports);
    return grant;
  }

  private static EgressRefusal refusal(String entry, String reason) {
    EgressRefusal refusal = new EgressRefusal();
    refusal.setEntry(entry);
    refusal.setReason(reason);
    return refusal;
  }

  private static List<String> nullSafe(List<String> list) {
    return list == null ? List.of() : list;
  }
}
