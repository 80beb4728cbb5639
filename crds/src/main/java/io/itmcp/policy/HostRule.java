package io.itmcp.policy;

import java.util.OptionalInt;

/**
 * One {@code allowedHosts} entry, parsed: {@code db.example.com}, {@code *.corp.example.com},
 * {@code 192.0.2.7}, {@code 2001:db8::1}, {@code 10.0.0.0/24}, each optionally with a port
 * ({@code firewall.local:22}, {@code [2001:db8::1]:22}, {@code 10.0.0.0/24:443}).
 *
 * @param entry the entry as written in the policy
 * @param kind what kind of entry it is
 * @param name for NAME the canonical name; for WILDCARD the suffix below which names match
 *     (without the "*."); null otherwise
 * @param network for ADDRESS and CIDR the network; null otherwise
 * @param port the port when the entry names one
 */
public record HostRule(String entry, Kind kind, String name, IpNetwork network, OptionalInt port) {

  public enum Kind { NAME, WILDCARD, ADDRESS, CIDR }

  /** Parses an entry; throws {@link IllegalArgumentException} with a readable message for a malformed one. */
  public static HostRule parse(String entry) {
    throw new UnsupportedOperationException("policy engine");
  }

  /** Whether the host part of this rule covers the host (ports not considered). */
  public boolean coversHost(Host host) {
    throw new UnsupportedOperationException("policy engine");
  }
}
