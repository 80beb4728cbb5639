package io.itmcp.gateway.runtime;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.policy.EffectivePolicy;

/** Opens per-session sandboxes: bubblewrap on this machine, or a pod in Kubernetes. */
public interface SandboxRuntime extends AutoCloseable {

  /** Opens the sandbox of one MCP session; may block until it is ready. */
  Sandbox open(String sessionId, Identity identity, EffectivePolicy policy) throws InterruptedException;

  /**
   * Opens with what the client said about itself at initialize (either may be null); runtimes
   * that record it (the cluster runtime puts it on the ItmcpSession) override this.
   */
  default Sandbox open(String sessionId, Identity identity, EffectivePolicy policy, String clientName,
      String clientVersion) throws InterruptedException {
    return open(sessionId, identity, policy);
  }

  /** A short name for logs and audit: {@code local}, {@code kubernetes}. */
  String name();

  @Override
  default void close() {
  }
}
