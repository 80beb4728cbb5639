package io.itmcp.gateway.observe;

import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Map;

/**
 * Metrics and traces together, as the request path uses them: a tool call is one span with a child
 * span per {@link CallStep}, each step also a latency histogram, and the call's outcome a counter.
 */
public final class Observability {

  private final GatewayMetrics metrics;
  private final GatewayTracing tracing;

  public Observability(GatewayMetrics metrics, GatewayTracing tracing) {
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /** Metrics kept (cheap, in memory) and no tracing: what a gateway without configuration has. */
  public static Observability standard() {
    return new Observability(GatewayMetrics.prometheus(), GatewayTracing.off());
  }

  /**
   * The gateway's meters without the JVM's, no tracing: the default of a handler nobody configured,
   * and a stdio gateway's (nothing scrapes it, so the JVM's meters would only cost start time).
   */
  public static Observability gatewayOnly() {
    return new Observability(GatewayMetrics.gatewayOnly(), GatewayTracing.off());
  }

  /** No meters kept and no tracing: a stdio gateway's, which nothing scrapes. */
  public static Observability unscraped() {
    return new Observability(GatewayMetrics.unscraped(), GatewayTracing.off());
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  public GatewayTracing tracing() {
    return tracing;
  }

  /**
   * Starts a tool call's span under the trace context of its {@code _meta}, else the transport's,
   * and makes it current until {@link ToolCall#close()}.
   */
  public ToolCall toolCall(String tool, Map<String, Object> meta, Context transport) {
    Span span =
        tracing.start(
            "tools/call " + GatewayMetrics.toolLabel(tool),
            tracing.fromMeta(meta, transport),
            SpanKind.SERVER);
    span.setAttribute("mcp.method.name", "tools/call");
    span.setAttribute("gen_ai.tool.name", GatewayMetrics.toolLabel(tool));
    return new ToolCall(span, span.makeCurrent());
  }

  /**
   * Starts a step of the current call: a child span and a latency sample, both ended by {@link
   * Step#close()}.
   */
  public Step step(CallStep step) {
    return new Step(
        step,
        tracing.start(step.spanName(), Context.current(), SpanKind.INTERNAL),
        System.nanoTime());
  }

  /** The span of one tool call. */
  public final class ToolCall implements AutoCloseable {
    private final Span span;
    private final Scope scope;

    private ToolCall(Span span, Scope scope) {
      this.span = span;
      this.scope = scope;
    }

    /**
     * The W3C trace id for the audit record; null when the call is neither traced nor carries a
     * trace context.
     */
    public String traceId() {
      return GatewayTracing.traceId(span);
    }

    /** Counts the call's outcome and marks the span with it. */
    public void ended(String tool, Decision decision, String rule, String era) {
      metrics.toolCallEnded(tool, decision, rule, era);
      span.setAttribute("itmcp.decision", decision.wire());
      if (decision != Decision.ALLOWED) {
        span.setAttribute("itmcp.rule", RefusalRule.label(rule));
        span.setStatus(StatusCode.ERROR, decision.wire());
      }
    }

    @Override
    public void close() {
      scope.close();
      span.end();
    }
  }

  /** One measured step of a call. */
  public final class Step implements AutoCloseable {
    private final CallStep step;
    private final Span span;
    private final long startNanos;

    private Step(CallStep step, Span span, long startNanos) {
      this.step = step;
      this.span = span;
      this.startNanos = startNanos;
    }

    /**
     * Marks the step's span as failed (a refusal or an error); the latency is recorded either way.
     */
    public void failed(String why) {
      span.setStatus(StatusCode.ERROR, why);
    }

    @Override
    public void close() {
      metrics.stepTook(step, Duration.ofNanos(System.nanoTime() - startNanos));
      span.end();
    }
  }
}
