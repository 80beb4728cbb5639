package io.itmcp.gateway.runtime.kubernetes;

import io.itmcp.api.v1alpha1.SessionNaming;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the Kubernetes runtime.
 *
 * @param namespace the sandbox namespace: ItmcpSessions, their pods, and the policies live here
 * @param readyTimeout how long {@code open} waits for a session to become Ready
 * @param statusCheckInterval how often, while waiting, the pod is read for image-pull and
 *     scheduling failures (the session itself is watched)
 * @param killGrace after the deadline, how long {@code itmcp-deadline} in the pod waits between
 *     TERM and KILL; the gateway gives up on the exec connection one second after that
 * @param progressInterval how often a running exec reports progress
 * @param wrapWithTimeout run each argv under {@code itmcp-deadline} ({@link DeadlineArgv}) in the
 *     pod so that the deadline kills the process there too (closing the exec connection does not)
 */
public record KubernetesRuntimeSettings(
    String namespace,
    Duration readyTimeout,
    Duration statusCheckInterval,
    Duration killGrace,
    Duration progressInterval,
    boolean wrapWithTimeout) {

  public static final String DEFAULT_NAMESPACE = "itmcp-sandboxes";

  public KubernetesRuntimeSettings {
    Objects.requireNonNull(namespace, "namespace");
    if (!SessionNaming.isValidObjectName(namespace)) {
      throw new IllegalArgumentException(
          "namespace '" + namespace + "' is not a valid Kubernetes namespace name");
    }
  }

  public static KubernetesRuntimeSettings defaults(String namespace) {
    return new KubernetesRuntimeSettings(
        namespace,
        Duration.ofSeconds(90),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        true);
  }

  public KubernetesRuntimeSettings withReadyTimeout(Duration timeout) {
    return new KubernetesRuntimeSettings(
        namespace, timeout, statusCheckInterval, killGrace, progressInterval, wrapWithTimeout);
  }

  public KubernetesRuntimeSettings withStatusCheckInterval(Duration interval) {
    return new KubernetesRuntimeSettings(
        namespace, readyTimeout, interval, killGrace, progressInterval, wrapWithTimeout);
  }

  public KubernetesRuntimeSettings withProgressInterval(Duration interval) {
    return new KubernetesRuntimeSettings(
        namespace, readyTimeout, statusCheckInterval, killGrace, interval, wrapWithTimeout);
  }

  public KubernetesRuntimeSettings withKillGrace(Duration grace) {
    return new KubernetesRuntimeSettings(
        namespace, readyTimeout, statusCheckInterval, grace, progressInterval, wrapWithTimeout);
  }

  public KubernetesRuntimeSettings withWrapWithTimeout(boolean wrap) {
    return new KubernetesRuntimeSettings(
        namespace, readyTimeout, statusCheckInterval, killGrace, progressInterval, wrap);
  }
}
