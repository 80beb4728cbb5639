package io.itmcp.gateway.auth;

import java.util.Optional;

/**
 * Turns the bearer token of a request into an {@link Identity}. Implementations: the static token
 * file (local and small setups) and Kubernetes TokenReview.
 *
 * <p>Fail closed: an empty result means "refuse with 401". When the authenticator cannot decide
 * (its backend is down or slow) it throws {@link AuthUnavailableException}; callers must refuse
 * then as well (503 is the honest status), never let the request through.
 */
@FunctionalInterface
public interface Authenticator {

  /** The identity the token proves, or empty when the token is not valid. */
  Optional<Identity> authenticate(String bearerToken);
}
