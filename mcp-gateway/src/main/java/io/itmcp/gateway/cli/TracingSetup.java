package io.itmcp.gateway.cli;

import io.itmcp.gateway.observe.GatewayTracing;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Map;

/**
 * Tracing is off unless an OTLP endpoint is configured ({@code --otlp-endpoint}, or the standard
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} / {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}); then the SDK's
 * autoconfiguration builds it, so every other {@code OTEL_*} variable (headers, protocol, sampler,
 * resource attributes) applies as documented by OpenTelemetry. Off means the no-op OpenTelemetry:
 * no span is recorded, nothing is exported.
 */
final class TracingSetup implements AutoCloseable {

  private final GatewayTracing tracing;
  private final OpenTelemetrySdk sdk;

  private TracingSetup(GatewayTracing tracing, OpenTelemetrySdk sdk) {
    this.tracing = tracing;
    this.sdk = sdk;
  }

  static boolean configured(String otlpEndpoint, Map<String, String> env) {
    return otlpEndpoint != null
        || env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
        || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  }

  static TracingSetup of(String otlpEndpoint, Map<String, String> env) {
    if (!configured(otlpEndpoint, env)) {
      return new TracingSetup(GatewayTracing.off(), null);
    }
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.service.name", "itmcp-gateway",
                        // the gateway's metrics are Prometheus on /metrics; only traces go over
                        // OTLP
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none",
                        "otel.traces.exporter", "otlp"))
            .addPropertiesCustomizer(
                config -> {
                  Map<String, String> overrides = new HashMap<>();
                  if (otlpEndpoint != null) {
                    // the general endpoint: the SDK appends /v1/traces for http/protobuf, nothing
                    // for grpc
                    overrides.put("otel.exporter.otlp.endpoint", otlpEndpoint);
                  }
                  return overrides;
                })
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    return new TracingSetup(GatewayTracing.with(sdk), sdk);
  }

  GatewayTracing tracing() {
    return tracing;
  }

  /** Exports what is buffered, then stops. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.close();
    }
  }
}
