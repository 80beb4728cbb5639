package io.itmcp.policy;

/**
 * How a tool touches a host, which decides which allowedHosts entries can allow it: a TCP
 * connection to a port needs an entry without a port or with that port; ICMP and UDP probes (ping,
 * traceroute) need an entry without a port (a NetworkPolicy with ports opens no ICMP, and a port on
 * an entry opens only TCP); a name lookup (dig, nslookup target) contacts only the DNS server, so
 * any entry covering the host allows it.
 */
public sealed interface Access permits Access.Tcp, Access.Icmp, Access.Lookup {

  static Access tcp(int port) {
    return new Tcp(port);
  }

  static Access icmp() {
    return new Icmp();
  }

  static Access lookup() {
    return new Lookup();
  }

  record Tcp(int port) implements Access {}

  record Icmp() implements Access {}

  record Lookup() implements Access {}
}
