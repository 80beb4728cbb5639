package io.itmcp.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.operator.dns.Resolution;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeteredHostResolverTest {

  @Test
  void countsResolvedAndFailedNamesWithoutNamingThem() throws Exception {
    try (OperatorMetrics metrics = new OperatorMetrics()) {
      InetAddress address = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7});
      MeteredHostResolver resolver =
          new MeteredHostResolver(
              name ->
                  name.startsWith("db")
                      ? Resolution.of(List.of(address), Optional.empty())
                      : Resolution.failed("NXDOMAIN"),
              metrics.registry());
      resolver.resolve("db.example.test");
      resolver.resolve("db2.example.test");
      resolver.resolve("missing.example.test");
      String scrape = metrics.scrape();
      assertThat(scrape)
          .contains("itmcp_operator_dns_resolutions_total{outcome=\"resolved\"} 2.0")
          .contains("itmcp_operator_dns_resolutions_total{outcome=\"failed\"} 1.0")
          .doesNotContain("example.test");
    }
  }
}
