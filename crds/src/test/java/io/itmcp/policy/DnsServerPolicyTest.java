package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The dnsServers list by its exact refusals: which rule, why, and what is allowed instead. */
class DnsServerPolicyTest {

  private static final DnsServerPolicy DNS =
      DnsServerPolicy.of(List.of("192.0.2.53", "2001:db8::53"));

  @Test
  void aListedServerComesBackCanonical() {
    assertThat(DNS.check("::ffff:192.0.2.53")).isEqualTo("192.0.2.53");
    assertThat(DNS.check("2001:DB8:0::53")).isEqualTo("2001:db8::53");
    assertThat(DNS.describe()).isEqualTo("192.0.2.53, 2001:db8::53");
    assertThat(DNS.servers())
        .extracting(IpNetwork::toCidr)
        .containsExactly("192.0.2.53/32", "2001:db8::53/128");
  }

  @Test
  void anUnlistedServerIsRefusedByTheListNamingIt() {
    assertThatThrownBy(() -> DNS.check("192.0.2.54"))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessage(
            "refused DNS server '192.0.2.54' (rule dnsServers); allowed: the DNS servers 192.0.2.53, 2001:db8::53");
  }

  @Test
  void aNameIsRefusedAsANameAndMalformedTextBySyntaxBothListingTheServers() {
    assertThatThrownBy(() -> DNS.check("dns.example.com"))
        .hasMessage(
            "refused DNS server 'dns.example.com' because a DNS server must be given as an IP address"
                + " (rule dnsServers); allowed: the DNS servers 192.0.2.53, 2001:db8::53");
    assertThatThrownBy(() -> DNS.check("192.0.2.053"))
        .hasMessageStartingWith("refused host '192.0.2.053' because ")
        .hasMessageEndingWith(
            "(rule host.syntax); allowed: the DNS servers 192.0.2.53, 2001:db8::53");
  }

  @Test
  void anEmptyListAllowsNoServerAndSaysTheDefaultResolverIsUsed() {
    DnsServerPolicy none = DnsServerPolicy.of(null);
    assertThat(none.describe()).isEqualTo("(none)");
    assertThatThrownBy(() -> none.check("192.0.2.53"))
        .hasMessage(
            "refused DNS server '192.0.2.53' (rule dnsServers); allowed: nothing: no DNS server may be named"
                + " (dnsServers is empty), the default resolver is used");
  }

  @Test
  void aNameInTheListIsRefusedNamingTheEntry() {
    assertThatThrownBy(() -> DnsServerPolicy.of(List.of("192.0.2.53", "dns.example.com")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "dnsServers[1] 'dns.example.com': a DNS server must be an IP address, not a name");
  }
}
