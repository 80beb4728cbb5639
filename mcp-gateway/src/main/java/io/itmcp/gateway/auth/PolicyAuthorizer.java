package io.itmcp.gateway.auth;

/**
 * Decides whether an identity may use a policy (and so open sessions and call tools under it).
 *
 * <p>Fail closed: when the decision cannot be made the implementation throws
 * {@link AuthUnavailableException}, and callers refuse.
 */
@FunctionalInterface
public interface PolicyAuthorizer {

  /** An authorizer for setups without per-policy access control (local runtime, token file). */
  PolicyAuthorizer ALLOW_ALL = (identity, policy) -> true;

  boolean mayUse(Identity identity, String policyName);
}
