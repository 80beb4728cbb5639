package io.itmcp.gateway.cli;

import io.itmcp.gateway.runtime.SandboxRuntime;

/** Makes the sandbox runtime named by {@code --runtime}. */
final class RuntimeFactory {

  private RuntimeFactory() {
  }

  static SandboxRuntime create(String name, boolean allowUnsandboxed) {
    if (!"local".equals(name)) {
      throw new IllegalArgumentException("unknown --runtime '" + name + "'; available: local");
    }
    throw new IllegalStateException("the local runtime is not part of this build yet");
  }
}
