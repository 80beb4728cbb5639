package io.itmcp.gateway.runtime;

/** A sandbox commands run in. Thread-safe: calls sharing it may overlap. */
public interface Sandbox extends AutoCloseable {

  /**
   * Runs the argv and waits for it. Interrupting the calling thread (MCP cancellation) kills the
   * process tree and throws {@link InterruptedException}. Throws {@link SandboxGoneException} when
   * the sandbox has ended and the command did not start.
   */
  ExecResult exec(ExecRequest request, ProgressListener progress) throws InterruptedException;

  /** Whether the sandbox is known to have ended (a new one must be opened for its owner). */
  default boolean ended() {
    return false;
  }

  /**
   * This gateway stops using the sandbox, which lives on for other replicas until its idle timeout
   * or TTL ends it (runtimes whose sandboxes end with the command do nothing).
   */
  default void detach() {}

  /** Ends the sandbox; running commands are killed. */
  @Override
  void close();
}
