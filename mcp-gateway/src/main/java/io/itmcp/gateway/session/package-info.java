/**
 * The gateway's view of who is using what: live MCP sessions bound to an identity and a policy,
 * their sandboxes, and the limits (sessions per user and in total, calls per minute) with the
 * reaper that ends idle or expired ones.
 */
package io.itmcp.gateway.session;
