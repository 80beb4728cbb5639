package io.itmcp.policy;

import io.itmcp.api.v1alpha1.LimitsSpec;
import io.itmcp.api.v1alpha1.SandboxSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code limits} and sandbox timing with their defaults applied.
 *
 * <table>
 *   <caption>Defaults and accepted ranges</caption>
 *   <tr><th>field</th><th>default</th><th>range</th></tr>
 *   <tr><td>maxSessions</td><td>50</td><td>1..10000</td></tr>
 *   <tr><td>maxSessionsPerUser</td><td>5 (at most maxSessions)</td><td>1..1000, at most maxSessions</td></tr>
 *   <tr><td>callsPerMinute</td><td>60</td><td>1..6000</td></tr>
 *   <tr><td>toolTimeoutSeconds</td><td>30</td><td>1..600</td></tr>
 *   <tr><td>maxOutputBytes</td><td>1048576 (1 MiB)</td><td>1024..16777216 (16 MiB)</td></tr>
 *   <tr><td>sandbox.ttlSeconds</td><td>3600</td><td>60..86400</td></tr>
 *   <tr><td>sandbox.idleTimeoutSeconds</td><td>900 (at most ttl)</td><td>30..ttl</td></tr>
 * </table>
 *
 * A default that would exceed an explicit bound it depends on (per-user above maxSessions, idle
 * above ttl) is lowered to that bound; two explicit values that contradict each other are refused.
 * The ranges are the same as the CRD schema's, so a policy the API server accepts always compiles.
 * Code that needs other values starts from {@link #defaults()} and names what differs with the
 * {@code with...} methods, which (like the constructor) check no ranges.
 */
public record Limits(
    int maxSessions,
    int maxSessionsPerUser,
    int callsPerMinute,
    Duration toolTimeout,
    long maxOutputBytes,
    Duration ttl,
    Duration idleTimeout) {

  public static final int DEFAULT_MAX_SESSIONS = 50;
  public static final int DEFAULT_MAX_SESSIONS_PER_USER = 5;
  public static final int DEFAULT_CALLS_PER_MINUTE = 60;
  public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(30);
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 1024L * 1024L;
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(3600);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(900);

  public Limits {
    Objects.requireNonNull(toolTimeout, "toolTimeout");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
  }

  /** Every default. */
  public static Limits defaults() {
    return from(null, null);
  }

  /**
   * These limits with at most {@code maxSessions} sandboxes in all and {@code maxSessionsPerUser}
   * per user.
   */
  public Limits withSessions(int maxSessions, int maxSessionsPerUser) {
    return new Limits(
        maxSessions,
        maxSessionsPerUser,
        callsPerMinute,
        toolTimeout,
        maxOutputBytes,
        ttl,
        idleTimeout);
  }

  /** These limits with {@code callsPerMinute} calls per user and policy in any minute. */
  public Limits withCallsPerMinute(int callsPerMinute) {
    return new Limits(
        maxSessions,
        maxSessionsPerUser,
        callsPerMinute,
        toolTimeout,
        maxOutputBytes,
        ttl,
        idleTimeout);
  }

  /** These limits with {@code toolTimeout} as the longest a tool call may run. */
  public Limits withToolTimeout(Duration toolTimeout) {
    return new Limits(
        maxSessions,
        maxSessionsPerUser,
        callsPerMinute,
        toolTimeout,
        maxOutputBytes,
        ttl,
        idleTimeout);
  }

  /** These limits keeping at most {@code maxOutputBytes} of a call's output. */
  public Limits withMaxOutputBytes(long maxOutputBytes) {
    return new Limits(
        maxSessions,
        maxSessionsPerUser,
        callsPerMinute,
        toolTimeout,
        maxOutputBytes,
        ttl,
        idleTimeout);
  }

  /**
   * These limits with a sandbox (and session) ending {@code ttl} after it started or {@code
   * idleTimeout} after its last use.
   */
  public Limits withSandboxTiming(Duration ttl, Duration idleTimeout) {
    return new Limits(
        maxSessions,
        maxSessionsPerUser,
        callsPerMinute,
        toolTimeout,
        maxOutputBytes,
        ttl,
        idleTimeout);
  }

  /**
   * Applies defaults to the spec's limits and sandbox timing; out-of-range values throw {@link
   * IllegalArgumentException}.
   */
  public static Limits from(LimitsSpec limits, SandboxSpec sandbox) {
    LimitsSpec l = limits == null ? new LimitsSpec() : limits;
    SandboxSpec s = sandbox == null ? new SandboxSpec() : sandbox;
    int maxSessions =
        bounded("limits.maxSessions", l.getMaxSessions(), DEFAULT_MAX_SESSIONS, 1, 10_000);
    int perUser =
        bounded(
            "limits.maxSessionsPerUser",
            l.getMaxSessionsPerUser(),
            Math.min(DEFAULT_MAX_SESSIONS_PER_USER, maxSessions),
            1,
            1_000);
    if (perUser > maxSessions) {
      throw new IllegalArgumentException(
          "limits.maxSessionsPerUser "
              + perUser
              + " is larger than limits.maxSessions "
              + maxSessions);
    }
    int calls =
        bounded("limits.callsPerMinute", l.getCallsPerMinute(), DEFAULT_CALLS_PER_MINUTE, 1, 6_000);
    int timeout =
        bounded(
            "limits.toolTimeoutSeconds",
            l.getToolTimeoutSeconds(),
            (int) DEFAULT_TOOL_TIMEOUT.toSeconds(),
            1,
            600);
    long output =
        bounded(
            "limits.maxOutputBytes",
            l.getMaxOutputBytes(),
            DEFAULT_MAX_OUTPUT_BYTES,
            1024,
            16L * 1024 * 1024);
    long ttl =
        bounded("sandbox.ttlSeconds", s.getTtlSeconds(), DEFAULT_TTL.toSeconds(), 60, 86_400);
    long idle =
        bounded(
            "sandbox.idleTimeoutSeconds",
            s.getIdleTimeoutSeconds(),
            Math.min(DEFAULT_IDLE_TIMEOUT.toSeconds(), ttl),
            30,
            86_400);
    if (idle > ttl) {
      throw new IllegalArgumentException(
          "sandbox.idleTimeoutSeconds " + idle + " is larger than sandbox.ttlSeconds " + ttl);
    }
    return new Limits(
        maxSessions,
        perUser,
        calls,
        Duration.ofSeconds(timeout),
        output,
        Duration.ofSeconds(ttl),
        Duration.ofSeconds(idle));
  }

  private static int bounded(String field, Integer value, int fallback, int min, int max) {
    return (int) bounded(field, value == null ? null : value.longValue(), fallback, min, max);
  }

  private static long bounded(String field, Long value, long fallback, long min, long max) {
    long v = value == null ? fallback : value;
    if (v < min || v > max) {
      throw new IllegalArgumentException(field + " " + v + " is outside " + min + ".." + max);
    }
    return v;
  }
}
