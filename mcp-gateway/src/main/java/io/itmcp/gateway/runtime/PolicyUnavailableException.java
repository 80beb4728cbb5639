package io.itmcp.gateway.runtime;

/** The policy a request names cannot be used: unknown, invalid, or unreadable right now. */
public class PolicyUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why, so the HTTP layer can pick a status: NOT_FOUND 404, INVALID 422/500, UNREADABLE 503. */
  public enum Kind {
    NOT_FOUND,
    INVALID,
    UNREADABLE
  }

  private final Kind kind;

  public PolicyUnavailableException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
