package io.itmcp.gateway.session;

/** A session could not be opened or used: a limit was reached, or it belongs to someone else. */
public class SessionRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SessionRefusedException(String message) {
    super(message);
  }
}
