package io.itmcp.gateway.tools.http;

import io.itmcp.gateway.tools.network.CaptureScope;
import io.itmcp.policy.Access;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.Host;
import io.itmcp.policy.PolicyRefusedException;
import io.itmcp.policy.Refusal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Where one request of a check goes: the URL, and the one address the gateway resolved and checked,
 * which curl is made to use ({@code --resolve}) so that the name is never resolved a second time
 * (DNS rebinding: a name that answers an allowed address to the check and another to the request).
 *
 * <p>{@link #of} checks, in order: the host and port against {@code allowedHosts} with the same
 * meaning as for telnet_tool ({@link Access#tcp}: an entry without a port or with this port); for a
 * name, its addresses now (rule {@code http.resolve} when it has none); then each address: the
 * unspecified addresses ({@code 0.0.0.0/8}, {@code ::}, which Linux connects to this host),
 * multicast and broadcast are never a destination; loopback, link-local (which holds cloud metadata
 * endpoints such as 169.254.169.254) and other special-purpose addresses are a destination only
 * when an address or CIDR entry of {@code allowedHosts} allows them with this port, because a name
 * entry trusts the name's owner with where it points, not with this host's own services. The first
 * address that passes is the one used; none passing is refused with rule {@code http.address}.
 *
 * @param url the request's URL
 * @param address the address the connection goes to
 * @param lookup how long the gateway's name lookup took (zero for an IP address)
 * @param skipped the name's earlier addresses that were refused, with why
 */
public record PinnedTarget(
    HttpUrl url, InetAddress address, Duration lookup, List<String> skipped) {

  public static final String RESOLVE_RULE = "http.resolve";
  public static final String ADDRESS_RULE = "http.address";

  public PinnedTarget {
    skipped = List.copyOf(skipped);
  }

  /**
   * The address as text (dotted quad or RFC 5952), the way {@code --resolve} and the output show
   * it.
   */
  public String addressText() {
    return new Host.Address(address).canonical();
  }

  /**
   * Checks the URL's host and port against the policy, resolves a name once, and picks the address
   * to use.
   */
  public static PinnedTarget of(
      HttpUrl url, EffectivePolicy policy, CaptureScope.Resolver resolver, LongSupplier nanoTime) {
    policy.hosts().check(url.host().canonical(), Access.tcp(url.port()));
    List<InetAddress> candidates = new ArrayList<>();
    Duration lookup = Duration.ZERO;
    if (url.host() instanceof Host.Address a) {
      candidates.add(a.address());
    } else {
      long t0 = nanoTime.getAsLong();
      try {
        for (InetAddress resolved : resolver.resolve(url.host().canonical())) {
          candidates.add(withoutScope(resolved));
        }
      } catch (UnknownHostException e) {
        candidates.clear();
      }
      lookup = Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - t0));
      if (candidates.isEmpty()) {
        throw new PolicyRefusedException(
            Refusal.of(
                "host",
                url.host().canonical(),
                "the gateway could not resolve it to an address",
                RESOLVE_RULE,
                "names that resolve, or IP addresses; the gateway resolves a name once and the request goes to that address"));
      }
    }
    List<String> skipped = new ArrayList<>();
    for (InetAddress candidate : candidates) {
      String why = refusal(candidate, url.port(), policy);
      if (why == null) {
        return new PinnedTarget(url, candidate, lookup, skipped);
      }
      skipped.add(new Host.Address(candidate).canonical() + " (" + why + ")");
    }
    throw new PolicyRefusedException(
        Refusal.of(
            "the address of",
            url.origin(),
            (url.host() instanceof Host.Name
                    ? "it resolves only to addresses that are refused: "
                    : "it is refused: ")
                + String.join(", ", skipped),
            ADDRESS_RULE,
            "unicast addresses; loopback, link-local and other special-purpose ones only when an address or"
                + " CIDR entry of allowedHosts names them with this port (allowed hosts: "
                + policy.hosts().describe()
                + ")"));
  }

  /** Why a connection to this address is refused, or null when it may go there. */
  static String refusal(InetAddress address, int port, EffectivePolicy policy) {
    if (isUnspecified(address)) {
      return "an unspecified address, which reaches this host";
    }
    if (address.isMulticastAddress() || isBroadcast(address)) {
      return "a multicast or broadcast address";
    }
    if (!isSpecialPurpose(address)) {
      return null;
    }
    try {
      policy.hosts().check(new Host.Address(address).canonical(), Access.tcp(port));
      return null;
    } catch (PolicyRefusedException e) {
      return "a loopback, link-local or special-purpose address that no address or CIDR entry allows with port "
          + port;
    }
  }

  static boolean isUnspecified(InetAddress address) {
    byte[] b = address.getAddress();
    return address.isAnyLocalAddress() || address instanceof Inet4Address && b[0] == 0;
  }

  static boolean isBroadcast(InetAddress address) {
    byte[] b = address.getAddress();
    return b.length == 4 && (b[0] & b[1] & b[2] & b[3] & 0xff) == 0xff;
  }

  /**
   * Loopback (127/8, ::1), link-local (169.254/16, fe80::/10), IPv6 site-local (fec0::/10), and the
   * IPv4-in-IPv6 forms a resolver could hand back for them (IPv4-compatible ::a.b.c.d, 6to4 and
   * NAT64 are left to the allow-list: they route to other hosts, not this one).
   */
  static boolean isSpecialPurpose(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() && !(address instanceof Inet4Address)) {
      return true;
    }
    byte[] b = address.getAddress();
    if (b.length == 16) {
      boolean compatible = true;
      for (int i = 0; i < 12 && compatible; i++) {
        compatible = b[i] == 0;
      }
      return compatible;
    }
    return false;
  }

  private static InetAddress withoutScope(InetAddress address) throws UnknownHostException {
    return InetAddress.getByAddress(address.getAddress());
  }
}
