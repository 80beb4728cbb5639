package io.itmcp.gateway.runtime;

/**
 * What a command did.
 *
 * @param exitCode the exit status; -1 when it was killed for the deadline or cancelled
 * @param stdout standard output as UTF-8 (malformed bytes replaced)
 * @param stderr standard error as UTF-8
 * @param truncated whether output was cut at the cap
 * @param timedOut whether the deadline killed it
 * @param durationMs wall time from start to end
 */
public record ExecResult(
    int exitCode,
    String stdout,
    String stderr,
    boolean truncated,
    boolean timedOut,
    long durationMs) {}
