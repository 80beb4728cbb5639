package io.itmcp.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.audit.AuditEvent.Decision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

  private static void recordOneCall(GatewayMetrics metrics) {
    metrics.toolCallEnded("ping_tool", Decision.ALLOWED, null, GatewayMetrics.ERA_LEGACY);
    metrics.stepTook(CallStep.values()[0], Duration.ofMillis(3));
    metrics.auditWritten(Duration.ofMillis(1), true);
  }

  @Test
  void aScrapedGatewayCountsItsCalls() {
    GatewayMetrics metrics = GatewayMetrics.gatewayOnly();
    recordOneCall(metrics);

    assertThat(metrics.scrape()).contains("ping_tool");
  }

  @Test
  void aStdioGatewayKeepsNoMeterAndSaysSoWhenAskedForAScrape() {
    GatewayMetrics metrics = GatewayMetrics.unscraped();
    recordOneCall(metrics);

    assertThat(metrics.registry().getMeters())
        .as("Micrometer's no-op meters: nothing held per call")
        .allSatisfy(
            m -> assertThat(m.measure()).allSatisfy(x -> assertThat(x.getValue()).isZero()));
    assertThatThrownBy(metrics::scrape)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not kept");
  }
}
