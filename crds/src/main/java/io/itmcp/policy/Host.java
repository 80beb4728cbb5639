package io.itmcp.policy;

import java.net.InetAddress;

/**
 * A target host after canonical parsing: either a DNS name (lower case, punycode, no trailing dot)
 * or an IP address (IPv4-mapped IPv6 folded to IPv4). Odd IP encodings are refused, never guessed.
 */
public sealed interface Host permits Host.Name, Host.Address {

  /** Parses a user-supplied target; throws {@link PolicyRefusedException} for anything not a clean host. */
  static Host parse(String raw) {
    throw new UnsupportedOperationException("policy engine");
  }

  /** The canonical text: the ASCII name, or the address as {@code InetAddress#getHostAddress} prints it (v6 compressed). */
  String canonical();

  record Name(String ascii) implements Host {
    @Override
    public String canonical() {
      return ascii;
    }
  }

  record Address(InetAddress address) implements Host {
    @Override
    public String canonical() {
      throw new UnsupportedOperationException("policy engine");
    }
  }
}
