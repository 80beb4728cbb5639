package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.LimitsSpec;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every limit of the policy engine at its edge: the last value accepted and the first refused.
 * Written from the mutants PIT found alive (a boundary moved by one, a check that returned early).
 */
class BoundariesTest {

  @Test
  void pathLengthEndsAt4096Characters() {
    PathPolicy root = PathPolicy.of(List.of("/"));
    String longest = "/" + "a".repeat(PathPolicy.MAX_PATH_LENGTH - 1);
    assertThat(root.check(longest)).isEqualTo(longest);
    assertThatThrownBy(() -> root.check(longest + "a"))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("longer than 4096 characters");
  }

  @Test
  void portsRunFromOneTo65535() {
    assertThat(Port.check(1)).isEqualTo(1);
    assertThat(Port.check(65535)).isEqualTo(65535);
    assertThat(Port.check(22)).isEqualTo(22);
    assertThatThrownBy(() -> Port.check(0)).isInstanceOf(PolicyRefusedException.class);
    assertThatThrownBy(() -> Port.check(65536)).isInstanceOf(PolicyRefusedException.class);
  }

  @Test
  void limitsAcceptTheirBoundsAndRefuseOneBeyond() {
    LimitsSpec low = new LimitsSpec();
    low.setCallsPerMinute(1);
    assertThat(Limits.from(low, null).callsPerMinute()).isEqualTo(1);
    LimitsSpec high = new LimitsSpec();
    high.setCallsPerMinute(6000);
    assertThat(Limits.from(high, null).callsPerMinute()).isEqualTo(6000);
    for (int refused : new int[] {0, 6001}) {
      LimitsSpec bad = new LimitsSpec();
      bad.setCallsPerMinute(refused);
      assertThatThrownBy(() -> Limits.from(bad, null))
          .hasMessage("limits.callsPerMinute " + refused + " is outside 1..6000");
    }
  }

  @Test
  void describeListsThirtyEntriesThenCounts() {
    List<String> thirty = IntStream.range(0, 30).mapToObj(i -> "e" + i).toList();
    assertThat(Entries.describe(thirty, "(none)")).endsWith("e29").doesNotContain("more");
    List<String> thirtyOne = IntStream.range(0, 31).mapToObj(i -> "e" + i).toList();
    assertThat(Entries.describe(thirtyOne, "(none)")).endsWith("e29 and 1 more");
    assertThat(Entries.describe(List.of(), "(none)")).isEqualTo("(none)");
  }

  @Test
  void aDnsServerIsOneAddressNotANetwork() {
    DnsServerPolicy dns = DnsServerPolicy.of(List.of("192.0.2.53", "2001:db8::53"));
    assertThat(dns.check("192.0.2.53")).isEqualTo("192.0.2.53");
    assertThatThrownBy(() -> dns.check("192.0.2.54")).isInstanceOf(PolicyRefusedException.class);
    assertThatThrownBy(() -> dns.check("2001:db8::54")).isInstanceOf(PolicyRefusedException.class);
    assertThat(dns.servers())
        .extracting(IpNetwork::toCidr)
        .containsExactly("192.0.2.53/32", "2001:db8::53/128");
  }

  @Test
  void aRuleWithoutAPortAllowsPingAndLookupsAndNothingUnknown() {
    HostRule rule = HostRule.parse("10.0.0.1");
    Host host = Host.parse("10.0.0.1");
    assertThat(rule.allows(host, Access.icmp())).isTrue();
    assertThat(rule.allows(host, Access.lookup())).isTrue();
    assertThat(rule.allows(host, Access.tcp(22))).isTrue();
    assertThat(rule.allows(host, null)).isFalse();
    assertThat(rule.coversHost(null)).isFalse();
    HostRule withPort = HostRule.parse("10.0.0.1:22");
    assertThat(withPort.allows(host, Access.icmp())).isFalse();
    assertThat(withPort.allows(host, Access.tcp(23))).isFalse();
    assertThat(withPort.allows(host, Access.lookup())).isTrue();
  }

  @Test
  void networksKnowWhetherTheyAreOneAddress() {
    assertThat(IpNetwork.parse("10.0.0.1/32").isSingleAddress()).isTrue();
    assertThat(IpNetwork.parse("10.0.0.0/31").isSingleAddress()).isFalse();
    assertThat(IpNetwork.parse("2001:db8::1/128").isSingleAddress()).isTrue();
    assertThat(IpNetwork.parse("2001:db8::/127").isSingleAddress()).isFalse();
    assertThat(IpNetwork.parse("10.0.0.0/8").contains(null)).isFalse();
  }

  @Test
  void mappedNetworksTakePrefixes96To128() {
    assertThat(IpNetwork.parse("::ffff:0.0.0.0/96").toCidr()).isEqualTo("0.0.0.0/0");
    assertThat(IpNetwork.parse("::ffff:10.0.0.1/128").toCidr()).isEqualTo("10.0.0.1/32");
    assertThatThrownBy(() -> IpNetwork.parse("::ffff:0.0.0.0/95"))
        .hasMessageContaining("needs a prefix of 96..128");
    assertThatThrownBy(() -> IpNetwork.parse("::ffff:10.0.0.1/129"))
        .hasMessageContaining("needs a prefix of 96..128");
    assertThatThrownBy(() -> IpNetwork.parse("10.0.0.0/33")).hasMessageContaining("larger than 32");
    assertThat(IpNetwork.parse("10.0.0.0/32").toCidr()).isEqualTo("10.0.0.0/32");
    assertThatThrownBy(() -> IpNetwork.parse("%1")).hasMessageContaining("zone ids");
    assertThatThrownBy(() -> IpNetwork.parse("/24"))
        .hasMessageStartingWith("'' is not a strict IP address");
  }

  @Test
  void theLongestIpv6TextIs45Characters() {
    String longest = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
    assertThat(longest).hasSize(45);
    assertThat(IpNetwork.parse(longest).toCidr())
        .isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
    assertThatThrownBy(() -> IpNetwork.parse("0" + longest))
        .hasMessageContaining("too long for an IPv6 address");
  }

  @Test
  void hexDigitsAreExactlyZeroToNineAndAToF() {
    assertThat(IpLiterals.isHex('0')).isTrue();
    assertThat(IpLiterals.isHex('9')).isTrue();
    assertThat(IpLiterals.isHex('a')).isTrue();
    assertThat(IpLiterals.isHex('f')).isTrue();
    assertThat(IpLiterals.isHex('A')).isTrue();
    assertThat(IpLiterals.isHex('F')).isTrue();
    for (char c : new char[] {'/', ':', '`', 'g', '@', 'G'}) {
      assertThat(IpLiterals.isHex(c)).as("%s", c).isFalse();
    }
  }

  @Test
  void hostNamesEndAt253CharactersAndLabelsAt63() {
    String label63 = "a".repeat(63);
    String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
    assertThat(name253).hasSize(253);
    assertThat(Host.parse(name253).canonical()).isEqualTo(name253);
    assertThat(Host.parse(name253 + ".").canonical()).isEqualTo(name253);
    assertThatThrownBy(() -> Host.parse(name253 + "a"))
        .hasMessageContaining("longer than 253 characters");
    assertThatThrownBy(() -> Host.parse("a".repeat(64) + ".example.com"))
        .hasMessageContaining("a label is longer than 63 characters");
    assertThat(Host.parse(label63 + ".example.com").canonical()).startsWith(label63);
  }

  @Test
  void mappedIpv4InIpv6FoldsOnlyWithTheFullPrefix() {
    assertThat(Host.parse("::ffff:10.0.0.1").canonical()).isEqualTo("10.0.0.1");
    assertThat(Host.parse("::fffe:10.0.0.1").canonical()).isEqualTo("::fffe:a00:1");
    assertThat(Host.parse("::feff:10.0.0.1").canonical()).isEqualTo("::feff:a00:1");
    assertThat(Host.parse("1::ffff:10.0.0.1").canonical()).isEqualTo("1::ffff:a00:1");
    assertThat(Host.parse("::1:ffff:10.0.0.1").canonical()).isEqualTo("::1:ffff:a00:1");
  }
}
