package io.itmcp.gateway.runtime;

/**
 * The session's sandbox did not become Ready. The message says which failure it was and what the
 * cluster said, in words a person (or an AI assistant) can act on.
 */
public class SandboxStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final StartFailure failure;

  public SandboxStartException(StartFailure failure, String message) {
    super(message);
    this.failure = failure;
  }

  public StartFailure failure() {
    return failure;
  }
}
