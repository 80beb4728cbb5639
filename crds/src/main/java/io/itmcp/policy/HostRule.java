package io.itmcp.policy;

import java.util.OptionalInt;

/**
 * One {@code allowedHosts} entry, parsed: {@code db.example.com}, {@code *.corp.example.com},
 * {@code 192.0.2.7}, {@code 2001:db8::1}, {@code 10.0.0.0/24}, each optionally with a port ({@code
 * firewall.local:22}, {@code [2001:db8::1]:22}, {@code 10.0.0.0/24:443}).
 *
 * <p>Rules: the host part is parsed with the same canonical rules as a target ({@link Host#parse}),
 * so {@code DB.Example.COM.} is {@code db.example.com}. A wildcard is exactly one leading {@code
 * *.} label; it matches names strictly below the suffix, never the apex, never an IP address. A
 * NAME entry matches only that name and an ADDRESS/CIDR entry only addresses: this package never
 * resolves names. CIDRs must have zero host bits ({@link IpNetwork#parse}). An IPv6 address with a
 * port needs brackets ({@code [2001:db8::1]:22}); an IPv6 CIDR takes its port after the prefix
 * ({@code 2001:db8::/32:443}) or in brackets ({@code [2001:db8::/32]:443}). Ports are 1..65535,
 * decimal, no leading zeros. Whitespace anywhere is refused.
 *
 * @param entry the entry as written in the policy
 * @param kind what kind of entry it is
 * @param name for NAME the canonical name; for WILDCARD the suffix below which names match (without
 *     the "*."); null otherwise
 * @param network for ADDRESS and CIDR the network; null otherwise
 * @param port the port when the entry names one
 */
public record HostRule(String entry, Kind kind, String name, IpNetwork network, OptionalInt port) {

  public enum Kind {
    NAME,
    WILDCARD,
    ADDRESS,
    CIDR
  }

  /**
   * Parses an entry; throws {@link IllegalArgumentException} with a readable message for a
   * malformed one.
   */
  public static HostRule parse(String entry) {
    if (entry == null || entry.isEmpty()) {
      throw new IllegalArgumentException("the entry is empty");
    }
    for (int i = 0; i < entry.length(); i++) {
      char c = entry.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Refusal.isInvisible(c)) {
        throw new IllegalArgumentException("whitespace or control characters are not allowed");
      }
    }
    String hostPart;
    String portText = null;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'[' without ']'");
      }
      hostPart = entry.substring(1, close);
      String rest = entry.substring(close + 1);
      if (!hostPart.contains(":")) {
        throw new IllegalArgumentException("brackets enclose only an IPv6 address or network");
      }
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("after ']' only ':PORT' may follow");
        }
        portText = rest.substring(1);
      }
    } else if (entry.indexOf('/') >= 0) {
      int slash = entry.indexOf('/');
      int colon = entry.indexOf(':', slash);
      hostPart = colon < 0 ? entry : entry.substring(0, colon);
      portText = colon < 0 ? null : entry.substring(colon + 1);
    } else {
      int colons = (int) entry.chars().filter(c -> c == ':').count();
      if (colons == 1) {
        hostPart = entry.substring(0, entry.indexOf(':'));
        portText = entry.substring(entry.indexOf(':') + 1);
      } else {
        hostPart = entry;
      }
    }
    OptionalInt port =
        portText == null ? OptionalInt.empty() : OptionalInt.of(Port.parseOrThrow(portText));
    return parseHostPart(entry, hostPart, port);
  }

  private static HostRule parseHostPart(String entry, String hostPart, OptionalInt port) {
    if (hostPart.startsWith("*.")) {
      String suffix = hostPart.substring(2);
      if (suffix.indexOf('*') >= 0) {
        throw new IllegalArgumentException("only one leading '*.' label is allowed in a wildcard");
      }
      Host host = parseHost(suffix);
      if (!(host instanceof Host.Name n)) {
        throw new IllegalArgumentException(
            "a wildcard covers DNS names only, not IP addresses; use a CIDR");
      }
      return new HostRule(entry, Kind.WILDCARD, n.ascii(), null, port);
    }
    if (hostPart.indexOf('*') >= 0) {
      throw new IllegalArgumentException(
          "'*' is allowed only as a whole leading label ('*.example.com')");
    }
    if (hostPart.indexOf('/') >= 0) {
      return new HostRule(entry, Kind.CIDR, null, IpNetwork.parse(hostPart), port);
    }
    Host host = parseHost(hostPart);
    if (host instanceof Host.Name n) {
      return new HostRule(entry, Kind.NAME, n.ascii(), null, port);
    }
    Host.Address a = (Host.Address) host;
    byte[] bytes = IpLiterals.canonicalBytes(a.address());
    return new HostRule(
        entry, Kind.ADDRESS, null, new IpNetwork(a.address(), bytes.length * 8), port);
  }

  private static Host parseHost(String text) {
    return HostParser.parseOrThrow(text);
  }

  /** Whether the host part of this rule covers the host (ports not considered). */
  public boolean coversHost(Host host) {
    if (host == null) {
      return false;
    }
    return switch (kind) {
      case NAME -> host instanceof Host.Name n && n.ascii().equals(name);
      case WILDCARD -> host instanceof Host.Name n && n.ascii().endsWith("." + name);
      case ADDRESS, CIDR -> host instanceof Host.Address a && network.contains(a.address());
    };
  }

  /**
   * Whether this rule allows the access to the host: host covered, and the port fits the access.
   */
  public boolean allows(Host host, Access access) {
    if (!coversHost(host)) {
      return false;
    }
    if (access instanceof Access.Tcp tcp) {
      return port.isEmpty() || port.getAsInt() == tcp.port();
    }
    if (access instanceof Access.Icmp) {
      return port.isEmpty();
    }
    return access instanceof Access.Lookup;
  }

  /**
   * The canonical text of the entry: {@code db.example.com:22}, {@code *.corp.example.com}, {@code
   * [2001:db8::1]:22}.
   */
  public String canonical() {
    String host =
        switch (kind) {
          case NAME -> name;
          case WILDCARD -> "*." + name;
          case ADDRESS -> network.address();
          case CIDR -> network.toCidr();
        };
    if (port.isEmpty()) {
      return host;
    }
    boolean v6 = network != null && network.isIpv6();
    return (v6 ? "[" + host + "]" : host) + ":" + port.getAsInt();
  }
}
