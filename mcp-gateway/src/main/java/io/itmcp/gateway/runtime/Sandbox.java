package io.itmcp.gateway.runtime;

/** One MCP session's sandbox. Thread-safe: calls of one session may overlap. */
public interface Sandbox extends AutoCloseable {

  /**
   * Runs the argv and waits for it. Interrupting the calling thread (MCP cancellation) kills the
   * process tree and throws {@link InterruptedException}.
   */
  ExecResult exec(ExecRequest request, ProgressListener progress) throws InterruptedException;

  /** Ends the sandbox; running commands are killed. */
  @Override
  void close();
}
