package io.itmcp.gateway.runtime;

/** A command could not be run in, or its end not learnt from, the session pod. */
public class SandboxExecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SandboxExecException(String message, Throwable cause) {
    super(message, cause);
  }
}
