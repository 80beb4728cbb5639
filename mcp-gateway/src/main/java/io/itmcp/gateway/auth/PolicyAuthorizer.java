package io.itmcp.gateway.auth;

import io.itmcp.gateway.auth.Authenticator.AuthUnavailableException;

/**
 * Decides whether an identity may use a policy (and so open sessions and call tools under it).
 *
 * <p>Fail closed: when the decision cannot be made the implementation throws {@link
 * AuthUnavailableException}, and callers refuse.
 */
@FunctionalInterface
public interface PolicyAuthorizer {

  /** An authorizer for setups without per-policy access control (local runtime, token file). */
  PolicyAuthorizer ALLOW_ALL = (identity, policy) -> true;

  boolean mayUse(Identity identity, String policyName);

  /** What a refusal tells the caller: what was refused and how access is granted. */
  default String refusalMessage(Identity identity, String policyName) {
    return "user " + identity.user() + " may not use policy " + policyName;
  }
}
