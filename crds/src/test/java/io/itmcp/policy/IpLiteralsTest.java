package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * IPv6 literal parsing at each edge, checked by the reason given: the first check that applies must
 * be the one that refuses.
 */
class IpLiteralsTest {

  @Test
  void aZoneIdIsNamedAsSuchEvenAtTheStart() {
    assertThatThrownBy(() -> IpLiterals.parseV6("%1"))
        .hasMessage("IPv6 zone ids (%eth0) are not accepted");
    assertThatThrownBy(() -> IpLiterals.parseV6("fe80::1%eth0"))
        .hasMessage("IPv6 zone ids (%eth0) are not accepted");
  }

  @Test
  void aSecondDoubleColonIsNamedWhereverTheFirstIs() {
    assertThatThrownBy(() -> IpLiterals.parseV6("::1::2"))
        .hasMessage("an IPv6 address has at most one '::'");
    assertThatThrownBy(() -> IpLiterals.parseV6("1:::2"))
        .hasMessage("an IPv6 address has at most one '::'");
    assertThatThrownBy(() -> IpLiterals.parseV6("1::2::"))
        .hasMessage("an IPv6 address has at most one '::'");
  }

  @Test
  void sevenGroupsBesideADoubleColonAreTheMostAndFourHexDigitsAGroup() {
    assertThat(hex(IpLiterals.parseV6("1:2:3:4:5:6:7::")))
        .isEqualTo("00010002000300040005000600070000");
    assertThat(hex(IpLiterals.parseV6("1:2:3::4:5:6:7")))
        .isEqualTo("00010002000300000004000500060007");
    assertThatThrownBy(() -> IpLiterals.parseV6("1:2:3:4:5:6::7:8"))
        .hasMessage("an IPv6 address with '::' has at most 7 groups");
    assertThatThrownBy(() -> IpLiterals.parseV6("::1:2:3:4:5:6:7:8"))
        .hasMessage("an IPv6 address with '::' has at most 7 groups");
    assertThat(hex(IpLiterals.parseV6("::2:3:4:5:6:7:8")))
        .isEqualTo("00000002000300040005000600070008");
    assertThat(hex(IpLiterals.parseV6("abcd::ffff"))).isEqualTo("abcd000000000000000000000000ffff");
    assertThatThrownBy(() -> IpLiterals.parseV6("abcde::"))
        .hasMessage("an IPv6 group must be 1 to 4 hex digits");
  }

  @Test
  void aDotAtTheStartOfAPartIsStillADottedQuadOrABadGroup() {
    assertThatThrownBy(() -> IpLiterals.parseV6("::.1.2.3"))
        .hasMessage(
            "an IPv4 octet must be 1 to 3 decimal digits (no hex, octal or other encodings)");
    assertThatThrownBy(() -> IpLiterals.parseV6("::.1:2"))
        .hasMessage("an IPv6 group must be 1 to 4 hex digits");
    assertThatThrownBy(() -> IpLiterals.parseV6("1.2.3.4::"))
        .hasMessage("a dotted quad may appear only at the end of an IPv6 address");
  }

  @Test
  void anIpv4MappedInet6AddressFoldsToItsFourBytes() throws Exception {
    byte[] mapped = HexFormat.of().parseHex("00000000000000000000ffffc0000201");
    Inet6Address v6 = Inet6Address.getByAddress(null, mapped, -1);
    assertThat(hex(IpLiterals.canonicalBytes(v6))).isEqualTo("c0000201");
    assertThat(IpLiterals.format(v6)).isEqualTo("192.0.2.1");
  }

  @Test
  void onlyTheIpv4MappedPrefixFolds() throws Exception {
    for (String notMapped :
        new String[] {
          "000000000000000000000000c0000201", // IPv4-compatible: both bytes 10 and 11 zero
          "000000000000000000ff00ffc0000201", // byte 9 not zero
          "0000000000000000000000ffc0000201", // byte 10 zero
          "00000000000000000000ff00c0000201", // byte 11 zero
          "01000000000000000000ffffc0000201"
        }) { // byte 0 not zero
      Inet6Address v6 = Inet6Address.getByAddress(null, HexFormat.of().parseHex(notMapped), -1);
      assertThat(hex(IpLiterals.canonicalBytes(v6))).as(notMapped).isEqualTo(notMapped);
    }
    assertThat(
            hex(
                IpLiterals.canonicalBytes(
                    InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}))))
        .isEqualTo("c0000201");
  }

  @Test
  void parseLiteralGivesTheAddressOfALiteralAndNothingForAnythingElse() {
    assertThat(IpLiterals.parseLiteral("192.0.2.1"))
        .map(InetAddress::getHostAddress)
        .contains("192.0.2.1");
    assertThat(IpLiterals.parseLiteral("2001:db8::1"))
        .map(IpLiterals::format)
        .contains("2001:db8::1");
    assertThat(IpLiterals.parseLiteral("::ffff:192.0.2.1"))
        .map(IpLiterals::format)
        .contains("192.0.2.1");
    assertThat(IpLiterals.parseLiteral(null)).isEmpty();
    assertThat(IpLiterals.parseLiteral("db.example.com")).isEmpty();
    assertThat(IpLiterals.parseLiteral("010.0.0.1")).isEmpty();
    assertThat(IpLiterals.parseLiteral("fe80::1%eth0")).isEmpty();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
