package io.itmcp.gateway.session;

import io.itmcp.policy.EffectivePolicy;

/**
 * Where sessions get their policy. The local runtime has one policy for the life of the gateway;
 * the cluster runtime reads the ItmcpPolicy a session was opened under on every use, so an edit (or
 * a deletion) holds from the next call on.
 */
public interface SessionPolicies {

  /** The policy name plain {@code /mcp} (and stdio) uses. */
  String defaultName();

  /**
   * The policy of that name as it is now. Throws a RuntimeException whose message says why it
   * cannot be used (unknown, invalid, unreadable); callers refuse with that message.
   */
  EffectivePolicy current(String name);

  /**
   * Calls {@code listener} with the default policy each time it is replaced (a local policy file
   * reloaded), until the returned handle is closed. Policies looked up per request (cluster) and
   * fixed ones never call it.
   */
  default AutoCloseable listen(java.util.function.Consumer<EffectivePolicy> listener) {
    return () -> {};
  }

  /** One policy for every session, fixed at start (local runtime). */
  static SessionPolicies fixed(EffectivePolicy policy) {
    return new SessionPolicies() {
      @Override
      public String defaultName() {
        return policy.name();
      }

      @Override
      public EffectivePolicy current(String name) {
        return policy;
      }
    };
  }
}
