package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

class GatewayKubernetesClientTest {

  @Test
  void usesTheJdkHttpClientWithShortTimeoutsAndFewRetries() {
    try (KubernetesClient client =
        GatewayKubernetesClient.create(
            new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())) {
      assertThat(client.getHttpClient().getClass().getName())
          .startsWith("io.fabric8.kubernetes.client.jdkhttp.");
      assertThat(client.getConfiguration().getRequestRetryBackoffLimit()).isEqualTo(2);
      assertThat(client.getConfiguration().getConnectionTimeout()).isEqualTo(5_000);
      assertThat(client.getConfiguration().getRequestTimeout()).isEqualTo(10_000);
      assertThat(client.getConfiguration().getMasterUrl()).startsWith("https://127.0.0.1:1");
    }
  }
}
