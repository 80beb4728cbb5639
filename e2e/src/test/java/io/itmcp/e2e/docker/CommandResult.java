package io.itmcp.e2e.docker;

import java.util.List;

/** What a host command (docker CLI, build script) did. */
public record CommandResult(
    List<String> argv,
    int exitCode,
    String stdout,
    String stderr,
    boolean timedOut,
    long durationMs) {

  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }

  /** For assertion messages: the command, its exit and both streams. */
  public String describe() {
    return String.join(" ", argv)
        + " -> exit "
        + exitCode
        + (timedOut ? " (timed out)" : "")
        + "\n--- stdout ---\n"
        + stdout
        + "\n--- stderr ---\n"
        + stderr;
  }
}
