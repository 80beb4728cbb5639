/**
 * What platform teams watch: the gateway's Prometheus metrics ({@link
 * io.itmcp.gateway.observe.GatewayMetrics}, every label from a fixed set), its OpenTelemetry traces
 * ({@link io.itmcp.gateway.observe.GatewayTracing}, a W3C trace context continued from the HTTP
 * request or the MCP request's {@code _meta}), and the steps of a tool call measured by both
 * ({@link io.itmcp.gateway.observe.Observed}). Runtime-independent: the generic layers call it.
 */
package io.itmcp.gateway.observe;
