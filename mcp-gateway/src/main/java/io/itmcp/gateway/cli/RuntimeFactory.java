package io.itmcp.gateway.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.gateway.runtime.kubernetes.GatewayKubernetesClient;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.ssh.SshCredentials;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Makes the sandbox runtime of {@code --runtime local}, or the client of {@code --runtime
 * kubernetes}.
 */
final class RuntimeFactory {

  private RuntimeFactory() {}

  /**
   * Starts the check whether bubblewrap works here ({@link LocalSandboxRuntime#probe()}, a process
   * spawn of about 50 ms) on a thread of its own, so that it runs while the policy is read and
   * compiled instead of after it; {@link #local} waits for its answer.
   */
  static Future<LocalSandboxRuntime.Availability> probeInBackground() {
    return BackgroundTask.of("itmcp-bwrap-probe", LocalSandboxRuntime::probe).start();
  }

  /**
   * {@code local}: bubblewrap when the probe found it working here; without it, {@link
   * IllegalStateException} saying why, unless running unsandboxed is explicitly allowed.
   */
  static LocalSandboxRuntime local(
      boolean allowUnsandboxed,
      Future<LocalSandboxRuntime.Availability> probe,
      SshCredentials ssh) {
    return LocalSandboxRuntime.create(allowUnsandboxed, answerOf(probe))
        .withVisiblePaths(ssh.locations());
  }

  private static LocalSandboxRuntime.Availability answerOf(
      Future<LocalSandboxRuntime.Availability> probe) {
    try {
      return probe.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking bubblewrap", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("checking bubblewrap failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * {@code kubernetes}: the in-cluster service account, or the current kubeconfig, with the
   * gateway's short timeouts (authentication fails closed within seconds when the API is down).
   */
  static KubernetesClient kubernetesClient() {
    return GatewayKubernetesClient.create();
  }
}
