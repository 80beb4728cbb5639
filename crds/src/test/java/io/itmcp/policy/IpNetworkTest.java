package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpNetworkTest {

  @ParameterizedTest
  @CsvSource({
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "0:0:0:0:0:0:0:0, ::",
    "0:0:0:0:0:0:0:1, ::1",
    "1:0:0:0:0:0:0:0, 1::",
    "2001:DB8::A, 2001:db8::a",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
    "fe80::0001, fe80::1",
    "::ffff:192.0.2.1, 192.0.2.1",
    "64:ff9b::192.0.2.1, 64:ff9b::c000:201"
  })
  void printsRfc5952(String text, String canonical) {
    assertThat(IpLiterals.format(IpLiterals.parseAddress(text))).isEqualTo(canonical);
    assertThat(Host.parse(text).canonical()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/24, 10.0.0.0, true",
    "10.0.0.0/24, 10.0.0.255, true",
    "10.0.0.0/24, 10.0.1.0, false",
    "10.0.0.0/24, 9.255.255.255, false",
    "10.0.0.0/8, 10.255.255.255, true",
    "0.0.0.0/0, 203.0.113.9, true",
    "0.0.0.0/0, 2001:db8::1, false",
    "::/0, 2001:db8::1, true",
    "::/0, 10.0.0.1, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "10.0.0.0/23, 10.0.1.77, true",
    "10.0.0.0/23, 10.0.2.0, false",
    "192.0.2.7, 192.0.2.7, true",
    "192.0.2.7, 192.0.2.8, false",
    "::ffff:10.0.0.0/120, 10.0.0.4, true"
  })
  void containment(String network, String address, boolean inside) {
    assertThat(IpNetwork.parse(network).contains(IpLiterals.parseAddress(address)))
        .isEqualTo(inside);
  }

  @Test
  void mappedAddressesAreComparedAsIpv4() throws Exception {
    InetAddress mapped =
        InetAddress.getByAddress(
            new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1});
    assertThat(IpNetwork.parse("127.0.0.0/8").contains(mapped)).isTrue();
    assertThat(new Host.Address(mapped).canonical()).isEqualTo("127.0.0.1");
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/24, 10.0.0.0/24, false",
    "192.0.2.7, 192.0.2.7/32, false",
    "2001:db8::/32, 2001:db8::/32, true",
    "2001:db8::1, 2001:db8::1/128, true"
  })
  void rendersCidr(String text, String cidr, boolean v6) {
    IpNetwork network = IpNetwork.parse(text);
    assertThat(network.toCidr()).isEqualTo(cidr);
    assertThat(network.isIpv6()).isEqualTo(v6);
  }

  @Test
  void refusesHostBitsNamingTheNetworkMeant() {
    assertThatThrownBy(() -> IpNetwork.parse("192.168.1.77/16"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host bits set")
        .hasMessageContaining("did you mean 192.168.0.0/16?");
  }

  @Test
  void constructorRefusesImpossiblePrefix() throws Exception {
    InetAddress v4 = InetAddress.getByAddress(new byte[] {10, 0, 0, 0});
    assertThatThrownBy(() -> new IpNetwork(v4, 33)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IpNetwork(v4, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/, 10.0.0.0/",
    "10.0.0.0/08, 10.0.0.0/08",
    "10.0.0.0/0008, 10.0.0.0/0008",
    "10.0.0.0/1000, 10.0.0.0/1000",
    "10.0.0.0/2a, 10.0.0.0/2a",
    "10.0.0.0/+8, 10.0.0.0/+8",
    "10.0.0.0/-8, 10.0.0.0/-8"
  })
  void aPrefixIsDecimalWithoutLeadingZerosOrSigns(String cidr, String quoted) {
    assertThatThrownBy(() -> IpNetwork.parse(cidr))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'" + quoted + "': the prefix length must be a decimal number without leading zeros");
  }

  @Test
  void prefixesUpToTheAddressLengthAreTakenAndOneMoreIsNamed() {
    assertThat(IpNetwork.parse("0.0.0.0/0").toCidr()).isEqualTo("0.0.0.0/0");
    assertThat(IpNetwork.parse("2001:db8::/128").toCidr()).isEqualTo("2001:db8::/128");
    assertThat(IpNetwork.parse("::/0").toCidr()).isEqualTo("::/0");
    assertThatThrownBy(() -> IpNetwork.parse("2001:db8::/129"))
        .hasMessage("'2001:db8::/129': the prefix length is larger than 128");
    assertThatThrownBy(() -> IpNetwork.parse("10.0.0.0/33"))
        .hasMessage("'10.0.0.0/33': the prefix length is larger than 32");
    assertThatThrownBy(() -> IpNetwork.parse("::ffff:10.0.0.0/95"))
        .hasMessage(
            "'::ffff:10.0.0.0/95': an IPv4-mapped network needs a prefix of 96..128; write the IPv4 network");
  }

  @Test
  void emptyZonedAndNonStrictInputsSayWhy() {
    assertThatThrownBy(() -> IpNetwork.parse(null)).hasMessage("an address or CIDR is empty");
    assertThatThrownBy(() -> IpNetwork.parse("")).hasMessage("an address or CIDR is empty");
    assertThatThrownBy(() -> IpNetwork.parse("fe80::1%eth0/64"))
        .hasMessage("'fe80::1%eth0/64': IPv6 zone ids (%eth0) are not accepted");
    assertThatThrownBy(() -> IpNetwork.parse("010.0.0.0/8"))
        .hasMessageStartingWith("'010.0.0.0' is not a strict IP address: ");
    assertThatThrownBy(() -> IpNetwork.parse("2001:db8:::/48"))
        .hasMessageStartingWith("'2001:db8:::' is not a strict IP address: ");
  }

  @Test
  void hostBitsAreFoundInEveryByteAndThePartialOne() {
    assertThatThrownBy(() -> IpNetwork.parse("10.0.0.1/31"))
        .hasMessage("'10.0.0.1/31' has host bits set; did you mean 10.0.0.0/31?");
    assertThatThrownBy(() -> IpNetwork.parse("10.64.0.0/9"))
        .hasMessage("'10.64.0.0/9' has host bits set; did you mean 10.0.0.0/9?");
    assertThatThrownBy(() -> IpNetwork.parse("128.0.0.0/0"))
        .hasMessage("'128.0.0.0/0' has host bits set; did you mean 0.0.0.0/0?");
    assertThatThrownBy(() -> IpNetwork.parse("2001:db8::4000/113"))
        .hasMessage("'2001:db8::4000/113' has host bits set; did you mean 2001:db8::/113?");
    assertThat(IpNetwork.parse("10.0.0.128/25").toCidr()).isEqualTo("10.0.0.128/25");
  }

  @Test
  void containmentHonoursPartialBytesAtEveryPosition() {
    IpNetwork half = IpNetwork.parse("128.0.0.0/1");
    assertThat(half.contains(IpLiterals.parseAddress("200.1.1.1"))).isTrue();
    assertThat(half.contains(IpLiterals.parseAddress("127.255.255.255"))).isFalse();
    IpNetwork nine = IpNetwork.parse("10.128.0.0/9");
    assertThat(nine.contains(IpLiterals.parseAddress("10.255.0.1"))).isTrue();
    assertThat(nine.contains(IpLiterals.parseAddress("10.127.255.255"))).isFalse();
    IpNetwork last = IpNetwork.parse("192.0.2.4/30");
    assertThat(last.contains(IpLiterals.parseAddress("192.0.2.7"))).isTrue();
    assertThat(last.contains(IpLiterals.parseAddress("192.0.2.8"))).isFalse();
    assertThat(last.contains(IpLiterals.parseAddress("192.0.2.3"))).isFalse();
    assertThat(last.address()).isEqualTo("192.0.2.4");
    assertThat(last.prefixLength()).isEqualTo(30);
  }

  @Test
  void constructorSaysWhichPrefixRangeTheAddressHas() throws Exception {
    InetAddress v4 = InetAddress.getByAddress(new byte[] {10, 0, 0, 0});
    InetAddress v6 = InetAddress.getByAddress(new byte[16]);
    assertThat(new IpNetwork(v4, 32).isSingleAddress()).isTrue();
    assertThat(new IpNetwork(v4, 0).toCidr()).isEqualTo("10.0.0.0/0");
    assertThat(new IpNetwork(v6, 128).isSingleAddress()).isTrue();
    assertThatThrownBy(() -> new IpNetwork(v4, 33)).hasMessage("prefix length 33 is outside 0..32");
    assertThatThrownBy(() -> new IpNetwork(v6, 129))
        .hasMessage("prefix length 129 is outside 0..128");
    assertThatThrownBy(() -> new IpNetwork(v6, -1))
        .hasMessage("prefix length -1 is outside 0..128");
    assertThatThrownBy(() -> new IpNetwork(null, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("base");
  }
}
