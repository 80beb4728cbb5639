/**
 * Streamable HTTP on embedded Tomcat: {@code /mcp} (and {@code /mcp/{policy}} in a cluster) and
 * {@code /healthz}. The filters run in a fixed order — Host/Origin (DNS rebinding), bearer token,
 * policy access, requests in progress per token, the asynchronous body read (cap and deadline), the
 * session filter (session-to-identity binding, limits, cancellation) and the transport's response
 * (error bodies made safe, unique SSE event ids) — and every refusal is a small JSON-RPC error
 * body, never a stack trace. The connector caps connections per client address as it accepts them,
 * and a request answered without reading its body closes its connection. With OAuth tokens ({@code
 * --auth oidc}) {@code /.well-known/oauth-protected-resource[/mcp/...]} serves RFC 9728 metadata
 * without authentication, and every 401 points at it.
 */
package io.itmcp.gateway.http;
