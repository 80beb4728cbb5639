package io.itmcp.gateway.runtime;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.policy.EffectivePolicy;

/** Opens per-session sandboxes: bubblewrap on this machine, or a pod in Kubernetes. */
public interface SandboxRuntime extends AutoCloseable {

  /** Opens the sandbox of one MCP session; may block until it is ready. */
  Sandbox open(String sessionId, Identity identity, EffectivePolicy policy) throws InterruptedException;

  /** A short name for logs and audit: {@code local}, {@code kubernetes}. */
  String name();

  @Override
  default void close() {
  }
}
