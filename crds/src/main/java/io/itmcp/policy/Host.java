package io.itmcp.policy;

import java.net.InetAddress;

/**
 * A target host after canonical parsing: either a DNS name (lower case, punycode, no trailing dot)
 * or an IP address (IPv4-mapped IPv6 folded to IPv4). Odd IP encodings are refused, never guessed.
 *
 * <p>{@link #parse} rules (refusals carry rule {@code host.syntax}):
 *
 * <ul>
 *   <li>Characters: ASCII letters, digits, {@code . - : [ ]} and non-ASCII letters (for IDN) only.
 *       Whitespace, control and invisible characters, {@code @ / % \ _}, quotes and every shell
 *       metacharacter are refused; so are non-ASCII digits ({@code １２７.0.0.1}) and non-ASCII dots.
 *   <li>IPv4: exactly four decimal octets 0..255 without leading zeros. {@code 127.1}, {@code
 *       0177.0.0.1}, {@code 0x7f.0.0.1}, {@code 2130706433}, {@code 127.0.0.1.} are refused.
 *   <li>IPv6: standard text, optionally in brackets; no zone id ({@code %eth0}); IPv4-mapped
 *       ({@code ::ffff:127.0.0.1}, {@code ::ffff:7f00:1}) is folded to the IPv4 address; deprecated
 *       IPv4-compatible {@code ::a.b.c.d} is refused. {@code host:port} is refused.
 *   <li>Names: lower-cased, one trailing dot removed, non-ASCII labels converted to punycode with
 *       {@link java.net.IDN} and STD3 rules (a label whose conversion is plain ASCII, i.e.
 *       fullwidth look-alikes, is refused: write the ASCII name); {@code xn--} labels must be valid
 *       punycode; labels 1..63, name at most 253; no label may start or end with '-'; a leading '-'
 *       is refused; empty labels ({@code ..}, leading dot) refused. A name whose last label is all
 *       digits or {@code 0x}+hex ({@code 127.1}, {@code 0x7f000001}, {@code 1.2.3.4.5}) is an odd
 *       IP encoding, never a DNS name, and is refused.
 * </ul>
 */
public sealed interface Host permits Host.Name, Host.Address {

  /**
   * Parses a user-supplied target; throws {@link PolicyRefusedException} for anything not a clean
   * host.
   */
  static Host parse(String raw) {
    return HostParser.parse(raw);
  }

  /**
   * The canonical text: the ASCII name, or the address as RFC 5952 prints it (v6 compressed, lower
   * case).
   */
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
      return IpLiterals.format(address);
    }
  }
}
