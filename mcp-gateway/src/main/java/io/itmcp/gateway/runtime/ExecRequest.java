package io.itmcp.gateway.runtime;

import java.time.Duration;
import java.util.List;

/**
 * One command to run in a sandbox. The argv is executed directly, never through a shell.
 *
 * @param argv program and arguments
 * @param target which container runs it
 * @param deadline after this the whole process tree is killed
 * @param maxOutputBytes stdout and stderr together are cut at this many bytes
 */
public record ExecRequest(List<String> argv, ExecTarget target, Duration deadline, long maxOutputBytes) {
  public ExecRequest {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty argv");
    }
  }
}
