package io.itmcp.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpGatewayConfigTest {

  @Test
  void parsesListenAddresses() {
    assertThat(HttpGatewayConfig.parseListen("127.0.0.1:8080", List.of(), List.of(), 1).port())
        .isEqualTo(8080);
    assertThat(HttpGatewayConfig.parseListen(":9000", List.of(), List.of(), 1).host())
        .isEqualTo("127.0.0.1");
    assertThat(HttpGatewayConfig.parseListen("9000", List.of(), List.of(), 1).host())
        .isEqualTo("127.0.0.1");
    HttpGatewayConfig v6 = HttpGatewayConfig.parseListen("[::1]:7000", List.of(), List.of(), 1);
    assertThat(v6.host()).isEqualTo("::1");
    assertThat(v6.allowedHosts()).contains("[::1]");
    assertThatThrownBy(() -> HttpGatewayConfig.parseListen("host:http", List.of(), List.of(), 1))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> HttpGatewayConfig.parseListen("h:70000", List.of(), List.of(), 1))
        .hasMessageContaining("0..65535");
  }

  @Test
  void allowsOnlyLocalNamesTheBindAddressAndConfiguredExtras() {
    HttpGatewayConfig c =
        HttpGatewayConfig.parseListen(
            "10.0.0.5:8080", List.of("Gateway.Corp"), List.of("https://assistant.example.com"), 1);
    assertThat(c.allowedHosts())
        .containsExactlyInAnyOrder("localhost", "127.0.0.1", "[::1]", "10.0.0.5", "gateway.corp");
    Set<String> origins = c.allowedOrigins(8080);
    assertThat(origins)
        .contains("http://localhost:8080", "https://10.0.0.5:8080", "https://assistant.example.com")
        .doesNotContain("http://localhost:8081");
    HostOriginFilter f = new HostOriginFilter(c.allowedHosts(), c::allowedOrigins);
    assertThat(f.hostAllowed("GATEWAY.corp:8080")).isTrue();
    assertThat(f.hostAllowed("localhost")).isTrue();
    assertThat(f.hostAllowed("[::1]:8080")).isTrue();
    assertThat(f.hostAllowed("attacker.example:8080")).isFalse();
    assertThat(f.hostAllowed("localhost.attacker.example")).isFalse();
    assertThat(f.hostAllowed("")).isFalse();
    assertThat(f.hostAllowed(null)).isFalse();
    assertThat(HostOriginFilter.originAllowed("https://assistant.example.com", origins)).isTrue();
    assertThat(HostOriginFilter.originAllowed("https://assistant.example.com.evil", origins))
        .isFalse();
    assertThat(HostOriginFilter.originAllowed("null", origins)).isFalse();
  }
}
