package io.itmcp.gateway.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.gateway.runtime.kubernetes.GatewayKubernetesClient;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.ssh.SshCredentials;

/**
 * Makes the sandbox runtime of {@code --runtime local}, or the client of {@code --runtime
 * kubernetes}.
 */
final class RuntimeFactory {

  private RuntimeFactory() {}

  /**
   * {@code local}: bubblewrap when it works here; without it, {@link IllegalStateException} saying
   * why, unless running unsandboxed is explicitly allowed.
   */
  static LocalSandboxRuntime local(boolean allowUnsandboxed, SshCredentials ssh) {
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
