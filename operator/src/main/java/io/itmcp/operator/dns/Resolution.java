package io.itmcp.operator.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of resolving one name: its A and AAAA addresses, the TTL when the resolver knows it,
 * or why it failed.
 */
public record Resolution(List<InetAddress> addresses, Optional<Duration> ttl, String failure) {

  public Resolution {
    addresses = List.copyOf(addresses);
  }

  public static Resolution of(List<InetAddress> addresses, Optional<Duration> ttl) {
    return new Resolution(addresses, ttl, addresses.isEmpty() ? "no A or AAAA records" : null);
  }

  public static Resolution failed(String why) {
    return new Resolution(List.of(), Optional.empty(), why);
  }

  public boolean resolved() {
    return !addresses.isEmpty();
  }
}
