package io.itmcp.policy;

import java.util.List;

/**
 * The compiled {@code dnsServers} list: IP addresses only (v4 or v6, strict literals as in {@link
 * Host}; IPv4-mapped folded). {@link #check} refuses a malformed server with rule {@code
 * host.syntax}, a name or an address not in the list with rule {@code dnsServers}. An empty list
 * lets no server be named.
 */
public final class DnsServerPolicy {

  static final String FIELD = "dnsServers";

  private final List<IpNetwork> servers;

  private DnsServerPolicy(List<IpNetwork> servers) {
    this.servers = servers;
  }

  public static DnsServerPolicy of(List<String> servers) {
    return new DnsServerPolicy(Entries.compile(FIELD, servers, DnsServerPolicy::parseServer));
  }

  private static IpNetwork parseServer(String text) {
    Host host = HostParser.parseOrThrow(text);
    if (!(host instanceof Host.Address a)) {
      throw new IllegalArgumentException("a DNS server must be an IP address, not a name");
    }
    return new IpNetwork(a.address(), IpLiterals.canonicalBytes(a.address()).length * 8);
  }

  /**
   * Returns the canonical address text, or throws {@link PolicyRefusedException} (rule {@code
   * dnsServers}).
   */
  public String check(String server) {
    Host host;
    try {
      host = Host.parse(server);
    } catch (PolicyRefusedException e) {
      throw new PolicyRefusedException(e.refusal().withAllowed(allowedPhrase()));
    }
    if (!(host instanceof Host.Address a)) {
      throw new PolicyRefusedException(
          Refusal.of(
              "DNS server",
              server,
              "a DNS server must be given as an IP address",
              FIELD,
              allowedPhrase()));
    }
    for (IpNetwork n : servers) {
      if (n.contains(a.address())) {
        return a.canonical();
      }
    }
    throw new PolicyRefusedException(
        Refusal.of("DNS server", server, null, FIELD, allowedPhrase()));
  }

  public List<IpNetwork> servers() {
    return servers;
  }

  public String describe() {
    return Entries.describe(servers.stream().map(IpNetwork::address).toList(), "(none)");
  }

  private String allowedPhrase() {
    return servers.isEmpty()
        ? "nothing: no DNS server may be named (dnsServers is empty), the default resolver is used"
        : "the DNS servers " + describe();
  }
}
