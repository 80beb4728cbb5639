package io.itmcp.policy;

import java.util.List;

/** The compiled {@code dnsServers} list: IP addresses only. */
public final class DnsServerPolicy {

  public static DnsServerPolicy of(List<String> servers) {
    throw new UnsupportedOperationException("policy engine");
  }

  /** Returns the canonical address text, or throws {@link PolicyRefusedException} (rule {@code dnsServers}). */
  public String check(String server) {
    throw new UnsupportedOperationException("policy engine");
  }

  public List<IpNetwork> servers() {
    throw new UnsupportedOperationException("policy engine");
  }

  public String describe() {
    throw new UnsupportedOperationException("policy engine");
  }
}
