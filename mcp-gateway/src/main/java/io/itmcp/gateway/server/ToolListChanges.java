package io.itmcp.gateway.server;

import io.itmcp.policy.EffectivePolicy;
import java.util.function.Consumer;

/**
 * Where a transport hears that the policy its tools are described from was replaced (a local policy
 * file reloaded), so that it can tell its clients the tools changed.
 */
@FunctionalInterface
public interface ToolListChanges {

  /** The tools never change while the gateway runs. */
  ToolListChanges NONE = listener -> () -> {};

  /** Calls {@code listener} with each new policy until the returned handle is closed. */
  AutoCloseable listen(Consumer<EffectivePolicy> listener);
}
