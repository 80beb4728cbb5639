package io.itmcp.gateway.runtime;

import java.time.Duration;
import java.util.List;

/**
 * One command to run in a sandbox. The argv is executed directly, never through a shell.
 *
 * @param argv program and arguments
 * @param target which container runs it
 * @param deadline after this the whole process tree is killed
 * @param maxOutputBytes stdout and stderr together are cut at this many bytes; reaching it marks
 *     the result truncated
 * @param maxStdoutBytes stdout alone keeps at most this many bytes (within maxOutputBytes); what it
 *     drops leaves the rest of the budget to stderr and does not mark the result truncated, because
 *     the caller asked for no more (http_check_tool's {@code max_bytes} of body, with curl's report
 *     on stderr)
 */
public record ExecRequest(
    List<String> argv,
    ExecTarget target,
    Duration deadline,
    long maxOutputBytes,
    long maxStdoutBytes) {

  /** No separate stdout limit. */
  public static final long NO_STDOUT_LIMIT = Long.MAX_VALUE;

  public ExecRequest {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty argv");
    }
    if (maxStdoutBytes < 0) {
      throw new IllegalArgumentException("maxStdoutBytes must not be negative");
    }
  }

  /** stdout and stderr share one cap. */
  public ExecRequest(List<String> argv, ExecTarget target, Duration deadline, long maxOutputBytes) {
    this(argv, target, deadline, maxOutputBytes, NO_STDOUT_LIMIT);
  }
}
