/**
 * The gateway's cluster path wired together: policies from a watch on the cluster (read live while
 * it is not connected), one ItmcpSession per MCP session, and the audit record fanned out to the
 * JSON log and a Kubernetes Event. The parts themselves live in {@code runtime.kubernetes}, {@code
 * auth.kubernetes} and {@code audit.kubernetes}.
 */
package io.itmcp.gateway.cluster;
