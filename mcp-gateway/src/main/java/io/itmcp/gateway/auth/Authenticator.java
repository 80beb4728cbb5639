package io.itmcp.gateway.auth;

import java.util.Optional;

/**
 * Turns the bearer token of a request into an {@link Identity}. Implementations: the static token
 * file (local and small setups) and Kubernetes TokenReview.
 *
 * <p>The argument is the token itself, without the {@code Bearer } prefix of the {@code
 * Authorization} header: the HTTP layer takes the header apart once.
 *
 * <p>Fail closed: an empty result means "refuse with 401". When the authenticator cannot decide
 * (its backend is down or slow) it throws {@link AuthUnavailableException}; callers must refuse
 * then as well (503 is the honest status), never let the request through.
 */
@FunctionalInterface
public interface Authenticator {

  /** The identity the token proves, or empty when the token is not valid. */
  Optional<Identity> authenticate(String bearerToken);

  /**
   * The authentication or authorization backend could not give an answer (API error, timeout). The
   * request must be refused; the message says what failed and is safe to show to the caller (it
   * never contains the token).
   */
  final class AuthUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The token is valid but lacks a scope this resource requires: 403 with {@code
   * error="insufficient_scope"}, never 401 (a new token of the same grant would not help).
   */
  final class InsufficientScopeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final java.util.List<String> requiredScopes;

    public InsufficientScopeException(
        java.util.List<String> requiredScopes, java.util.List<String> granted) {
      super(
          "the token lacks a required scope: needs "
              + String.join(" ", requiredScopes)
              + ", has "
              + (granted.isEmpty() ? "none" : String.join(" ", granted)));
      this.requiredScopes = java.util.List.copyOf(requiredScopes);
    }

    public java.util.List<String> requiredScopes() {
      return requiredScopes;
    }
  }
}
