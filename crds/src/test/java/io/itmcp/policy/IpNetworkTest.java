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
      "64:ff9b::192.0.2.1, 64:ff9b::c000:201"})
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
      "::ffff:10.0.0.0/120, 10.0.0.4, true"})
  void containment(String network, String address, boolean inside) {
    assertThat(IpNetwork.parse(network).contains(IpLiterals.parseAddress(address))).isEqualTo(inside);
  }

  @Test
  void mappedAddressesAreComparedAsIpv4() throws Exception {
    InetAddress mapped = InetAddress.getByAddress(
        new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1});
    assertThat(IpNetwork.parse("127.0.0.0/8").contains(mapped)).isTrue();
    assertThat(new Host.Address(mapped).canonical()).isEqualTo("127.0.0.1");
  }

  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/24, 10.0.0.0/24, false",
      "192.0.2.7, 192.0.2.7/32, false",
      "2001:db8::/32, 2001:db8::/32, true",
      "2001:db8::1, 2001:db8::1/128, true"})
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
}
