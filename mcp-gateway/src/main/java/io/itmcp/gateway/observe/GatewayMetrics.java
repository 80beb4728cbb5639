package io.itmcp.gateway.observe;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.runtime.StartFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The gateway's meters, in Prometheus form on {@code /metrics}. Every label takes its value from a
 * fixed set (tool names of the catalog, decisions, {@link RefusalRule}s, protocol eras, steps):
 * nothing a caller sends, not a host, path or user name, becomes a label, so hostile input cannot
 * grow the number of series.
 */
public final class GatewayMetrics {

  /** The {@code tool} label of a name the gateway has no tool for. */
  public static final String UNKNOWN_TOOL = "unknown";

  /** The legacy MCP era (initialize, Mcp-Session-Id): every revision up to 2025-11-25. */
  public static final String ERA_LEGACY = "legacy";

  /** The modern, stateless era of the 2026-07-28 revision. */
  public static final String ERA_MODERN = "modern";

  private static final Set<String> TOOLS =
      Arrays.stream(ToolName.values())
          .map(ToolName::mcpName)
          .collect(Collectors.toUnmodifiableSet());
  private static final String AUTHENTICATION = "authentication";
  private static final String AUTHORIZATION = "authorization";
  private static final String AUTH_UNAVAILABLE = "unavailable";
  private static final Set<String> ERAS = Set.of(ERA_LEGACY, ERA_MODERN);

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;

  // the timers every call records into (three steps, two audit records), registered once: looking
  // one up again builds its id and histogram settings each time
  private final Map<CallStep, Timer> stepTimers = new ConcurrentHashMap<>();
  private final Map<Boolean, Timer> auditTimers = new ConcurrentHashMap<>();

  private GatewayMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
    this.registry = registry;
    this.prometheus = prometheus;
  }

  /**
   * The gateway's meters alone, without the JVM's (no GC listener is registered): for handlers
   * built in tests.
   */
  public static GatewayMetrics gatewayOnly() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayMetrics metrics = new GatewayMetrics(registry, registry);
    metrics.registerAlertedSeriesAtZero();
    return metrics;
  }

  /**
   * The gateway's meters where nothing can read them (a stdio gateway serves no {@code /metrics}
   * and exports no metrics): a composite registry with no registry in it, whose meters are
   * Micrometer's no-op meters, so a call records nothing it would only throw away.
   */
  public static GatewayMetrics unscraped() {
    return new GatewayMetrics(new CompositeMeterRegistry(), null);
  }

  /** A Prometheus registry with the JVM's meters: one per gateway process. */
  public static GatewayMetrics prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    GatewayMetrics metrics = new GatewayMetrics(registry, registry);
    metrics.registerAlertedSeriesAtZero();
    return metrics;
  }

  /**
   * The series the alert rules watch exist from the start at zero, so that "none yet" is not
   * "absent".
   */
  private void registerAlertedSeriesAtZero() {
    for (String kind : List.of(AUTHENTICATION, AUTHORIZATION, AUTH_UNAVAILABLE)) {
      authFailures(kind);
    }
    rateLimitRefusals();
    for (StartFailure failure : StartFailure.values()) {
      sandboxStartFailures(failure);
    }
    auditWrites(true);
    auditWrites(false);
  }

  /** Prometheus text of every meter, what {@code /metrics} answers. */
  public String scrape() {
    return scrapable().scrape();
  }

  /** A scrape's body and its content type. */
  public record Scrape(String contentType, String body) {}

  /**
   * OpenMetrics when the scraper's {@code Accept} asks for it, otherwise the Prometheus text
   * format.
   */
  public Scrape scrapeFor(String accept) {
    String contentType =
        accept != null && accept.contains("application/openmetrics-text")
            ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
            : "text/plain; version=0.0.4; charset=utf-8";
    return new Scrape(contentType, scrapable().scrape(contentType));
  }

  private PrometheusMeterRegistry scrapable() {
    if (prometheus == null) {
      throw new IllegalStateException("these meters are not kept (a stdio gateway's): no scrape");
    }
    return prometheus;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One tool call ended: how, by which rule when refused, and over which protocol era. */
  public void toolCallEnded(String tool, Decision decision, String rule, String era) {
    Counter.builder("itmcp.gateway.tool.calls")
        .description("Tool calls by tool, decision, refusal rule and MCP protocol era")
        .tag("tool", toolLabel(tool))
        .tag("decision", decision.wire())
        .tag("rule", decision == Decision.ALLOWED ? RefusalRule.NONE : RefusalRule.label(rule))
        .tag("era", era != null && ERAS.contains(era) ? era : ERA_LEGACY)
        .register(registry)
        .increment();
  }

  /** A step of a tool call took this long. */
  public void stepTook(CallStep step, Duration took) {
    stepTimers.computeIfAbsent(step, this::stepTimer).record(took);
  }

  private Timer stepTimer(CallStep step) {
    return Timer.builder("itmcp.gateway.call.step")
        .description(
            "Latency of the steps of a tool call: policy check, waiting for the sandbox, exec")
        .tag("step", step.label())
        .publishPercentileHistogram()
        .register(registry);
  }

  /** A request's bearer token was missing or not valid, or the authenticator could not decide. */
  public void authenticationFailed() {
    authFailures(AUTHENTICATION).increment();
  }

  /** An authenticated caller may not use the policy it asked for. */
  public void authorizationFailed() {
    authFailures(AUTHORIZATION).increment();
  }

  /**
   * The authenticator or authorizer could not decide (in the cluster: the API server did not
   * answer).
   */
  public void authUnavailable() {
    authFailures(AUTH_UNAVAILABLE).increment();
  }

  private Counter authFailures(String kind) {
    return Counter.builder("itmcp.gateway.auth.failures")
        .description(
            "Requests refused by authentication (401), authorization (403), or because neither could decide (503)")
        .tag("kind", kind)
        .register(registry);
  }

  /** A tool call was refused by the session's calls-per-minute limit. */
  public void rateLimited() {
    rateLimitRefusals().increment();
  }

  private Counter rateLimitRefusals() {
    return Counter.builder("itmcp.gateway.rate.limit.refusals")
        .description("Tool calls refused by limits.callsPerMinute")
        .register(registry);
  }

  /** A session's sandbox did not become ready. */
  public void sandboxStartFailed(StartFailure failure) {
    sandboxStartFailures(failure).increment();
  }

  private Counter sandboxStartFailures(StartFailure failure) {
    return Counter.builder("itmcp.gateway.sandbox.start.failures")
        .description("Sandboxes that did not become ready, by failure")
        .tag("failure", failure == null ? "unknown" : failure.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  /** An audit record was written (or failed to be) in this time. */
  public void auditWritten(Duration took, boolean ok) {
    auditTimers.computeIfAbsent(ok, this::auditWrites).record(took);
  }

  private Timer auditWrites(boolean ok) {
    return Timer.builder("itmcp.gateway.audit.write")
        .description("Latency of writing one audit record, by outcome")
        .tag("outcome", ok ? "ok" : "error")
        .publishPercentileHistogram()
        .register(registry);
  }

  /** Reports the live MCP sessions and live sandboxes as read at each scrape. */
  public void watchSessions(Supplier<Number> liveSessions, Supplier<Number> liveSandboxes) {
    Gauge.builder("itmcp.gateway.mcp.sessions", liveSessions)
        .description("Live MCP sessions")
        .register(registry);
    Gauge.builder("itmcp.gateway.sandboxes", liveSandboxes)
        .description("Live sandboxes (sessions with a sandbox)")
        .register(registry);
  }

  /** The tool label: a catalog tool's name, otherwise {@value #UNKNOWN_TOOL}. */
  public static String toolLabel(String tool) {
    return tool != null && TOOLS.contains(tool) ? tool : UNKNOWN_TOOL;
  }
}
