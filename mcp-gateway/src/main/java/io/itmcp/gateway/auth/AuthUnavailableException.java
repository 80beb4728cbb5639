package io.itmcp.gateway.auth;

/**
 * The authentication or authorization backend could not give an answer (API error, timeout).
 * The request must be refused; the message says what failed and is safe to show to the caller
 * (it never contains the token).
 */
public class AuthUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuthUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
