package io.itmcp.operator.dns;

import io.itmcp.policy.IpLiterals;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Resolves through the JVM's resolver (the pod's /etc/resolv.conf, so cluster DNS in a cluster). It
 * does not report record TTLs, so callers use the configured default TTL, bounded by the floor and
 * ceiling; the JVM's own positive cache (networkaddress.cache.ttl, 30 s by default) stays below the
 * floor.
 */
public final class SystemHostResolver implements HostResolver {

  @Override
  public Resolution resolve(String name) {
    if (IpLiterals.looksLikeIpv6(name) || IpLiterals.parseLiteral(name).isPresent()) {
      return Resolution.failed("'" + name + "' is an address, not a name");
    }
    try {
      List<InetAddress> addresses = Arrays.asList(InetAddress.getAllByName(name));
      return Resolution.of(addresses, Optional.empty());
    } catch (UnknownHostException e) {
      return Resolution.failed("does not resolve (no A or AAAA records, or the lookup failed)");
    } catch (SecurityException e) {
      return Resolution.failed("lookup not permitted: " + e.getMessage());
    }
  }
}
