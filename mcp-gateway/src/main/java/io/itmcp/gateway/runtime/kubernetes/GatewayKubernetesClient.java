package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;

/**
 * The gateway's Kubernetes client: in-cluster service account or the current kubeconfig, on the JDK
 * HTTP client, with short timeouts and few retries. Authentication and authorization fail closed,
 * so an API server that does not answer must make them fail within seconds, not after fabric8's
 * default of ten backed-off retries. Exec WebSockets are pinged every {@code
 * Config#websocketPingInterval} (fabric8's setting, 30 s unless {@code
 * KUBERNETES_WEBSOCKET_PING_INTERVAL} says otherwise in milliseconds; 0 turns pings off), which
 * fabric8's JDK client would ignore: see {@link PingingJdkHttpClientFactory}.
 */
public final class GatewayKubernetesClient {

  static final int RETRIES = 2;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private GatewayKubernetesClient() {}

  static Duration pingInterval(Config config) {
    Long millis = config.getWebsocketPingInterval();
    return Duration.ofMillis(millis == null ? Config.DEFAULT_WEBSOCKET_PING_INTERVAL : millis);
  }

  public static KubernetesClient create() {
    return create(Config.autoConfigure(null));
  }

  /** The gateway's settings on top of a given configuration (tests point it at a mock server). */
  public static KubernetesClient create(Config base) {
    Config config =
        new ConfigBuilder(base)
            .withRequestRetryBackoffLimit(RETRIES)
            .withConnectionTimeout((int) CONNECT_TIMEOUT.toMillis())
            .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis())
            .build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new PingingJdkHttpClientFactory(pingInterval(config)))
        .build();
  }
}
