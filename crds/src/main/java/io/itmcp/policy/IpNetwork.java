package io.itmcp.policy;

import java.net.InetAddress;

/** A v4 or v6 network in CIDR form; a single address is a /32 or /128. */
public record IpNetwork(InetAddress base, int prefixLength) {

  /** Parses {@code 10.0.0.0/24}, {@code 2001:db8::/32} or a bare address; strict forms only. */
  public static IpNetwork parse(String cidr) {
    throw new UnsupportedOperationException("policy engine");
  }

  public boolean contains(InetAddress address) {
    throw new UnsupportedOperationException("policy engine");
  }

  public boolean isIpv6() {
    throw new UnsupportedOperationException("policy engine");
  }

  /** {@code 10.0.0.0/24}, {@code 2001:db8::1/128}: the form NetworkPolicy ipBlock.cidr takes. */
  public String toCidr() {
    throw new UnsupportedOperationException("policy engine");
  }
}
