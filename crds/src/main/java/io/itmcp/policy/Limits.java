package io.itmcp.policy;

import java.time.Duration;

/** {@code limits} and sandbox timing with their defaults applied. */
public record Limits(
    int maxSessions,
    int maxSessionsPerUser,
    int callsPerMinute,
    Duration toolTimeout,
    long maxOutputBytes,
    Duration ttl,
    Duration idleTimeout) {
}
