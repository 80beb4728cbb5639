package io.itmcp.gateway.runtime;

/**
 * The sandbox no longer exists (its idle timeout or TTL ended it, or it failed), and the command
 * was not started. Safe to retry in a fresh sandbox of the same owner.
 */
public class SandboxGoneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SandboxGoneException(String message) {
    super(message);
  }
}
