package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * allowedHosts entries at the edges of their syntax: which part is the host, which the port, and
 * what an address covers.
 */
class HostRuleTest {

  @Test
  void aSlashAtTheStartStillMakesTheEntryANetworkWithItsPortAfterTheFirstColon() {
    assertThatThrownBy(() -> HostRule.parse("/1:2:3"))
        .hasMessage("the port must be decimal digits only");
    assertThatThrownBy(() -> HostRule.parse("/24"))
        .hasMessage(
            "'' is not a strict IP address: an IPv4 address must be four decimal octets like 192.0.2.7");
  }

  @Test
  void anAddressEntryCoversThatAddressOnly() {
    HostRule v4 = HostRule.parse("192.0.2.1");
    assertThat(v4.network().prefixLength()).isEqualTo(32);
    assertThat(v4.coversHost(Host.parse("192.0.2.1"))).isTrue();
    assertThat(v4.coversHost(Host.parse("192.0.2.2"))).isFalse();
    HostRule v6 = HostRule.parse("[2001:db8::1]:22");
    assertThat(v6.network().prefixLength()).isEqualTo(128);
    assertThat(v6.coversHost(Host.parse("2001:db8::1"))).isTrue();
    assertThat(v6.coversHost(Host.parse("2001:db8::2"))).isFalse();
    assertThat(v6.canonical()).isEqualTo("[2001:db8::1]:22");
  }
}
