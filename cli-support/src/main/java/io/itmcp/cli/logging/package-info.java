/**
 * The log both binaries write to stderr: one format (text lines, or JSON lines for log pipelines,
 * chosen by {@code --log-format} or {@code ITMCP_LOG_FORMAT}), java.util.logging bridged into it.
 * Each binary's {@code main} calls {@link io.itmcp.cli.logging.Logging#configure} before anything
 * logs.
 */
package io.itmcp.cli.logging;
