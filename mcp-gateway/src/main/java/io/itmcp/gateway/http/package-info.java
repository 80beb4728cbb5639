/**
 * Streamable HTTP on embedded Tomcat: {@code /mcp} (and {@code /mcp/{policy}} in a cluster) and
 * {@code /healthz}. The filters run in a fixed order — Host/Origin (DNS rebinding), bearer token,
 * policy access, then the session filter (body cap, session-to-identity binding, limits,
 * cancellation) — and every refusal is a small status or JSON-RPC error body, never a stack
 * trace.
 */
package io.itmcp.gateway.http;
