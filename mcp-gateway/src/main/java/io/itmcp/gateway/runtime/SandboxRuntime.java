package io.itmcp.gateway.runtime;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.policy.EffectivePolicy;

/**
 * Opens sandboxes: bubblewrap on this machine (a fresh one for every command), or a pod in
 * Kubernetes (one per {@link SandboxOwner}, found or made by any gateway replica).
 */
public interface SandboxRuntime extends AutoCloseable {

  /**
   * The owner's sandbox, made if it does not exist (or has ended); may block until it is ready.
   * Runtimes whose sandboxes do not outlive a command ignore the owner.
   */
  Sandbox open(SandboxOwner owner, EffectivePolicy policy) throws InterruptedException;

  /** A sandbox of its own for {@code label} (tests, benchmarks, one-off runs). */
  default Sandbox open(String label, Identity identity, EffectivePolicy policy)
      throws InterruptedException {
    return open(
        SandboxOwner.mcpSession(label, identity, policy == null ? null : policy.name(), null, null),
        policy);
  }

  /**
   * The name of the owner's sandbox as the audit names it (the ItmcpSession), known before it is
   * opened; null where sandboxes are per command.
   */
  default String sandboxName(SandboxOwner owner, EffectivePolicy policy) {
    return null;
  }

  /**
   * Whether a sandbox opened under one version of a policy must be opened again when the policy
   * changed (a reloaded local policy file): true where the sandbox is made from the policy's
   * content (bubblewrap binds the allowed directories), false where the sandbox follows its policy
   * by itself (the operator re-renders the pod's network rules).
   */
  default boolean reopensOnPolicyChange() {
    return false;
  }

  /** A short name for logs and audit: {@code local}, {@code kubernetes}. */
  String name();

  /**
   * Stops what the runtime runs in the background; sandboxes that outlive this gateway are left
   * alone.
   */
  @Override
  default void close() {}
}
