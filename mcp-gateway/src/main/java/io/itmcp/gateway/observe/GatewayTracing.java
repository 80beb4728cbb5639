package io.itmcp.gateway.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The gateway's spans. A W3C trace context ({@code traceparent}, {@code tracestate}) arrives in the
 * HTTP request's headers or in the MCP request's {@code _meta} (the 2026-07-28 revision's
 * convention); the MCP one wins, being the closer parent. With the no-op OpenTelemetry (the
 * default) nothing is recorded or exported, yet an incoming trace id is still carried, so the audit
 * record can name it.
 */
public final class GatewayTracing {

  public static final String INSTRUMENTATION = "io.itmcp.gateway";
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Function<String, String>> LOOKUP =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
          return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
          return carrier == null ? null : carrier.apply(key);
        }
      };

  private final Tracer tracer;

  private GatewayTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
  }

  /** Nothing recorded or exported. */
  public static GatewayTracing off() {
    return new GatewayTracing(OpenTelemetry.noop());
  }

  public static GatewayTracing with(OpenTelemetry openTelemetry) {
    return new GatewayTracing(openTelemetry);
  }

  /**
   * The trace context of request headers (looked up by lower-case name); the root context if none
   * or invalid.
   */
  public Context fromHeaders(Function<String, String> header) {
    return W3C.extract(Context.root(), header, LOOKUP);
  }

  /**
   * The trace context of an MCP request's {@code _meta} when it carries a valid one, else {@code
   * transport}.
   */
  public Context fromMeta(Map<String, Object> meta, Context transport) {
    Context base = transport == null ? Context.root() : transport;
    if (meta == null || !(meta.get("traceparent") instanceof String)) {
      return base;
    }
    Context fromMeta = W3C.extract(Context.root(), meta, META);
    return Span.fromContext(fromMeta).getSpanContext().isValid() ? fromMeta : base;
  }

  private static final TextMapGetter<Map<String, Object>> META =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
          return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
          return carrier != null && carrier.get(key) instanceof String s ? s : null;
        }
      };

  /** Starts a span under {@code parent}. */
  public Span start(String name, Context parent, SpanKind kind) {
    return tracer.spanBuilder(name).setParent(parent).setSpanKind(kind).startSpan();
  }

  /** The trace id of a span (or of the remote parent it carries), or null when there is none. */
  public static String traceId(Span span) {
    SpanContext sc = span.getSpanContext();
    return sc.isValid() ? sc.getTraceId() : null;
  }
}
