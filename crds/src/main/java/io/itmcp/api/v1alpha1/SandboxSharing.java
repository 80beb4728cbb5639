package io.itmcp.api.v1alpha1;

/**
 * Which calls share one sandbox (one ItmcpSession and its pod) in the cluster runtime.
 *
 * <ul>
 *   <li>{@code PerCaller} (the default): one sandbox per authenticated user, policy and MCP client
 *       name. Every MCP session of that caller, on any gateway replica, and every stateless request
 *       uses it; it lives while calls keep it active (idle timeout, TTL), not while a connection is
 *       open.
 *   <li>{@code PerMcpSession}: one sandbox per legacy MCP session, deleted when the client closes
 *       the session. Costs a pod start per session; the session is served only by the replica that
 *       holds it.
 * </ul>
 */
public enum SandboxSharing {
  PerCaller,
  PerMcpSession
}
