/**
 * The gateway's view of who is using what. {@code SessionRegistry} is the front the transports use;
 * behind it each part has one job: {@code LiveSessions} holds the legacy MCP sessions by id
 * (lookup, insert, remove), {@code LegacySessionBounds} chooses which to forget beyond the per-user
 * and total bounds (least recently used first, never refusing a new one), {@code SessionReaper}
 * finds the sessions past their policy's idle timeout or TTL by an injected clock, and {@code
 * HousekeepingSchedule} runs that sweep in the background. Beside them: the callers' sandboxes
 * ({@code CallerSandboxes}: one per user, policy and client name, shared by all their sessions and
 * requests, outliving them) and calls per minute per user and policy ({@code CallRateLimits}).
 */
package io.itmcp.gateway.session;
