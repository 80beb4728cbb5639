package io.itmcp.operator.runtime;

import io.itmcp.api.v1alpha1.SessionPhase;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The operator's meters in one Prometheus registry: JOSDK's reconciliation timers, queue and retry
 * meters (aggregated per controller, never per resource: a label per session would grow without
 * bound), JVM and process meters, the sessions by phase and the sessions refused by a quota. Labels
 * are fixed sets (phase, limit): never a session, user or policy name.
 */
public final class OperatorMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MicrometerMetrics josdk = MicrometerMetrics.withoutPerResourceMetrics(registry);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public OperatorMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /**
   * Gauges {@code itmcp_operator_sessions{phase}}, one per phase, read from {@code byPhase} at each
   * scrape.
   */
  public void sessions(Supplier<Map<SessionPhase, Long>> byPhase) {
    for (SessionPhase phase : SessionPhase.values()) {
      Gauge.builder("itmcp.operator.sessions", () -> byPhase.get().getOrDefault(phase, 0L))
          .description(
              "ItmcpSessions in the operator's cache by status.phase (no status yet: Pending)")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  /**
   * Gauges {@code itmcp_operator_warm_pool_pods{state}} (target, ready, refilling, claimed), summed
   * over every policy's pool and read from {@code byState} at each scrape; no policy label, the
   * per-policy figures are in each ItmcpPolicy's {@code status.warmPool}.
   */
  public void warmPool(List<String> states, Supplier<Map<String, Long>> byState) {
    for (String state : states) {
      Gauge.builder("itmcp.operator.warm.pool.pods", () -> byState.get().getOrDefault(state, 0L))
          .description(
              "warm-pool pods of all policies by state: the target, ready to claim, starting, claimed by sessions")
          .tag("state", state)
          .register(registry);
    }
  }

  /**
   * Counts sessions refused by a policy's quota, by the limit ({@code maxSessions}, {@code
   * maxSessionsPerUser}); both series exist at 0 from the start, for alerts.
   */
  public Consumer<String> quotaRefusals() {
    Map<String, Counter> counters =
        Map.of(
            "maxSessions", quotaRefusals("maxSessions"),
            "maxSessionsPerUser", quotaRefusals("maxSessionsPerUser"));
    return limit -> {
      Counter counter = counters.get(limit);
      if (counter != null) {
        counter.increment();
      }
    };
  }

  private Counter quotaRefusals(String limit) {
    return Counter.builder("itmcp.operator.quota.refusals")
        .description("sessions refused because a policy's limit was reached")
        .tag("limit", limit)
        .register(registry);
  }

  /** What JOSDK reports to. */
  public Metrics josdk() {
    return josdk;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
