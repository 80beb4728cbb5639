package io.itmcp.gateway.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.gateway.runtime.kubernetes.GatewayKubernetesClient;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.ssh.SshCredentials;

/** Makes the sandbox runtime named by {@code --runtime}. */
final class RuntimeFactory {

  private RuntimeFactory() {
  }

  /**
   * {@code local}: bubblewrap when it works here; without it, {@link IllegalStateException} saying
   * why, unless running unsandboxed is explicitly allowed.
   */
  static LocalSandboxRuntime create(String name, boolean allowUnsandboxed, SshCredentials ssh) {
    if (!"local".equals(name)) {
      throw new IllegalArgumentException("unknown --runtime '" + name + "'; available: local, kubernetes");
    }
    return LocalSandboxRuntime.create(allowUnsandboxed).withVisiblePaths(ssh.locations());
  }

  /**
   * {@code kubernetes}: the in-cluster service account, or the current kubeconfig, with the
   * gateway's short timeouts (authentication fails closed within seconds when the API is down).
   */
  static KubernetesClient kubernetesClient() {
    return GatewayKubernetesClient.create();
  }
}
