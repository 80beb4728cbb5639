package io.itmcp.gateway.runtime.local;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.FileReader;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One MCP session's sandbox on this machine: every exec is a fresh bubblewrap with the session's
 * settings (or the bare argv when the runtime is unsandboxed, the reader then run from its host
 * path). Closing it kills what still runs.
 */
final class LocalSandbox implements Sandbox {

  private final String sessionId;
  private final Optional<BwrapCommand> bwrap;
  private final Optional<Path> unsandboxedReader;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  LocalSandbox(String sessionId, Optional<BwrapCommand> bwrap, Optional<Path> unsandboxedReader) {
    this.sessionId = sessionId;
    this.bwrap = bwrap;
    this.unsandboxedReader = unsandboxedReader;
  }

  @Override
  public ExecResult exec(ExecRequest request, ProgressListener progress)
      throws InterruptedException {
    if (closed) {
      throw new IllegalStateException("the sandbox of session " + sessionId + " is closed");
    }
    List<String> command =
        bwrap.isPresent()
            ? bwrap.get().wrap(request.argv(), request.target())
            : bare(request.argv());
    return ProcessRunner.run(
        command,
        request.deadline(),
        request.maxOutputBytes(),
        request.maxStdoutBytes(),
        progress == null ? ProgressListener.NONE : progress,
        this::started,
        running::remove);
  }

  private List<String> bare(List<String> argv) {
    if (!argv.get(0).equals(FileReader.PROGRAM)) {
      return argv;
    }
    List<String> command = new ArrayList<>(argv);
    command.set(
        0,
        unsandboxedReader
            .orElseThrow(() -> new IllegalStateException(LocalSandboxRuntime.NO_READER))
            .toString());
    return command;
  }

  /** Registers a started command; one that raced with {@link #close()} is killed at once. */
  private void started(Process process) {
    running.add(process);
    if (closed) {
      ProcessRunner.killTree(process);
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Process p : List.copyOf(running)) {
      ProcessRunner.killTree(p);
    }
  }
}
