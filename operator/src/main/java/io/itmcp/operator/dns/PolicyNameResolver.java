package io.itmcp.operator.dns;

import io.itmcp.api.v1alpha1.ResolvedHost;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.render.ResolvedNames;
import io.itmcp.policy.Host;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Resolves the named allowedHosts entries of a policy into the form kept in {@code
 * ItmcpPolicy.status.resolvedHosts}, and says when to resolve again (the TTL bounded by the floor
 * and ceiling). {@code resolvedAt} changes only when a name's address set changes, so a
 * re-resolution that finds the same addresses writes nothing and re-renders nothing.
 */
public final class PolicyNameResolver {
  private final HostResolver resolver;
  private final OperatorOptions options;

  public PolicyNameResolver(HostResolver resolver, OperatorOptions options) {
    this.resolver = resolver;
    this.options = options;
  }

  /** The resolved hosts (sorted by name), the failures, and when to look again. */
  public record Outcome(
      List<ResolvedHost> resolvedHosts, Map<String, String> failures, Duration refreshAfter) {

    public ResolvedNames names() {
      Map<String, List<String>> addresses = new LinkedHashMap<>();
      for (ResolvedHost host : resolvedHosts) {
        if (host.getAddresses() != null && !host.getAddresses().isEmpty()) {
          addresses.put(host.getHost(), host.getAddresses());
        }
      }
      return new ResolvedNames(addresses, failures);
    }
  }

  public Outcome resolve(Collection<String> names, List<ResolvedHost> previous, Instant now) {
    Map<String, ResolvedHost> before = new HashMap<>();
    if (previous != null) {
      previous.forEach(h -> before.put(h.getHost(), h));
    }
    List<ResolvedHost> hosts = new ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>();
    Duration refresh = options.dnsTtlCeiling();
    for (String name : new TreeSet<>(names)) {
      Resolution resolution = resolver.resolve(name);
      Duration ttl = options.boundTtl(resolution.ttl().orElse(options.dnsDefaultTtl()));
      if (!resolution.resolved()) {
        failures.put(name, resolution.failure());
        ttl = options.dnsTtlFloor();
      }
      refresh = ttl.compareTo(refresh) < 0 ? ttl : refresh;
      List<String> addresses = canonical(resolution.addresses());
      ResolvedHost host = new ResolvedHost();
      host.setHost(name);
      host.setAddresses(addresses);
      ResolvedHost old = before.get(name);
      boolean unchanged = old != null && Objects.equals(old.getAddresses(), addresses);
      host.setResolvedAt(unchanged ? old.getResolvedAt() : now.toString());
      hosts.add(host);
    }
    return new Outcome(hosts, failures, refresh);
  }

  /** Sorted, de-duplicated, canonical address text (IPv6 compressed, mapped IPv4 folded). */
  static List<String> canonical(List<InetAddress> addresses) {
    return addresses.stream()
        .map(a -> new Host.Address(a).canonical())
        .distinct()
        .sorted()
        .toList();
  }
}
