/**
 * The gateway's view of who is using what: legacy MCP sessions bound to an identity and a policy
 * ({@code SessionRegistry}, bounded by {@code LegacySessionBounds}, least recently used forgotten
 * first), the callers' sandboxes ({@code CallerSandboxes}: one per user, policy and client name,
 * shared by all their sessions and requests, outliving them), calls per minute per user and policy
 * ({@code CallRateLimits}), and the reaper that ends idle or expired sessions.
 */
package io.itmcp.gateway.session;
