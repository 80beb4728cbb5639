package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.SessionPhase;
import io.itmcp.operator.Fixtures;
import io.itmcp.operator.dns.Resolution;
import io.itmcp.operator.runtime.HealthServer;
import io.itmcp.operator.runtime.OperatorRuntime;
import io.itmcp.testkit.kubernetes.FakeKubelet;
import io.itmcp.testkit.observe.MonitoringOverlay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HealthServerTest {

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthReadinessAndPrometheusMetrics() throws Exception {
    try (MockCluster cluster = new MockCluster();
        OperatorRuntime runtime =
            new OperatorRuntime(
                cluster.client(),
                SessionLifecycleMockTest.options(),
                name -> Resolution.failed("no DNS in this test"),
                Clock.systemUTC());
        HealthServer health = new HealthServer(0, runtime.operator(), runtime.metrics())) {
      FakeKubelet kubelet = new FakeKubelet(cluster.client());
      assertThat(get(health.port(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(health.port(), "/readyz").statusCode())
          .as("a standby replica is ready")
          .isEqualTo(200);
      runtime.start();
      SessionLifecycleMockTest.eventually()
          .untilAsserted(
              () -> {
                try {
                  assertThat(get(health.port(), "/readyz").statusCode()).isEqualTo(200);
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              });
      cluster.client().resource(Fixtures.policy("p", List.of("192.0.2.7"))).create();
      cluster.client().resource(Fixtures.session("s1", "p", "alice")).create();
      SessionLifecycleMockTest.eventually()
          .untilAsserted(
              () ->
                  assertThat(
                          cluster
                              .client()
                              .resources(io.itmcp.api.v1alpha1.ItmcpSession.class)
                              .inNamespace(Fixtures.NAMESPACE)
                              .withName("s1")
                              .get()
                              .getStatus()
                              .getPhase())
                      .isEqualTo(SessionPhase.Ready));
      String metrics = get(health.port(), "/metrics").body();
      assertThat(metrics)
          .contains("# TYPE operator_sdk_reconciliations_started_total counter")
          .containsPattern(
              "operator_sdk_reconciliations_success_total\\{[^}]*kind=\"ItmcpSession\"[^}]*\\} [1-9]")
          .containsPattern(
              "operator_sdk_controllers_execution_reconcile_success_total\\{controller=\"itmcpsession\"[^}]*\\} [1-9]")
          .contains("operator_sdk_reconciliations_queue_size_itmcpsession")
          .contains("operator_sdk_controllers_execution_reconcile_seconds")
          .contains("jvm_memory_used_bytes")
          .contains("process_uptime_seconds")
          .contains("itmcp_operator_sessions{phase=\"Ready\"} 1.0")
          .contains("itmcp_operator_sessions{phase=\"Expired\"} 0.0")
          .contains("itmcp_operator_quota_refusals_total{limit=\"maxSessions\"} 0.0")
          .contains("itmcp_operator_quota_refusals_total{limit=\"maxSessionsPerUser\"} 0.0");
      assertThat(metrics)
          .as("no meter is labelled per resource: a session name would be unbounded")
          .doesNotContain("s1");
      // the operator's series (its own and JOSDK's) named in deploy/overlays/monitoring
      Set<String> used = MonitoringOverlay.metricNames("(?:itmcp_operator|operator_sdk)_[a-z_]+");
      assertThat(used)
          .as("the overlay's operator alerts and panels")
          .contains(
              "itmcp_operator_sessions",
              "itmcp_operator_warm_pool_pods",
              "itmcp_operator_quota_refusals_total",
              "itmcp_operator_dns_resolutions_total",
              "operator_sdk_reconciliations_failed_total");
      Set<String> scraped =
          Pattern.compile("(?m)^([a-z_]+)[{ ]")
              .matcher(metrics)
              .results()
              .map(match -> match.group(1))
              .collect(Collectors.toSet());
      // JOSDK creates the failure counter at the first failed reconciliation (none here); the alert
      // on it
      // therefore reads the success side with `or vector(0)`, so an operator that never succeeded
      // still fires it
      Set<String> createdAtFirstFailure = Set.of("operator_sdk_reconciliations_failed_total");
      assertThat(scraped)
          .as("every operator metric an alert or a dashboard panel queries is exported")
          .containsAll(
              used.stream().filter(name -> !createdAtFirstFailure.contains(name)).toList());
      kubelet.close();
    }
  }
}
