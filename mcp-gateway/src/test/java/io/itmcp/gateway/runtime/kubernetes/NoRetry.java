package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A client to the same mock server that does not retry 5xx answers (fabric8 retries with backoff by
 * default).
 */
public final class NoRetry {

  private NoRetry() {}

  public static KubernetesClient of(KubernetesClient client) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build())
        .build();
  }
}
