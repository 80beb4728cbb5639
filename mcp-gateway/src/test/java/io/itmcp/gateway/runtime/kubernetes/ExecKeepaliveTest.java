package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A quiet exec (tcpdump waiting for packets) must keep sending bytes, or a load balancer's idle
 * timeout in front of the API server cuts it: the gateway's client pings every exec WebSocket.
 */
class ExecKeepaliveTest {

  private static KubernetesClient client(PingCountingApiServer server, long pingMillis) {
    return GatewayKubernetesClient.create(
        new ConfigBuilder()
            .withMasterUrl(server.url())
            .withWebsocketPingInterval(pingMillis)
            .build());
  }

  private static ExecWatch quietExec(KubernetesClient client) {
    return client
        .pods()
        .inNamespace("ns")
        .withName("s1-sandbox")
        .inContainer("sandbox")
        .redirectingOutput()
        .redirectingError()
        .exec("tcpdump", "-c", "1");
  }

  @Test
  void aQuietExecIsPingedAtTheConfiguredInterval() throws Exception {
    try (PingCountingApiServer server = new PingCountingApiServer();
        KubernetesClient client = client(server, 100);
        ExecWatch exec = quietExec(client)) {
      await("the exec is a WebSocket")
          .atMost(Duration.ofSeconds(10))
          .until(() -> server.upgrades() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> server.pings() >= 5);
    }
  }

  @Test
  void pingsStopWhenTheExecCloses() throws Exception {
    try (PingCountingApiServer server = new PingCountingApiServer();
        KubernetesClient client = client(server, 100)) {
      ExecWatch exec = quietExec(client);
      await().atMost(Duration.ofSeconds(10)).until(() -> server.pings() >= 2);
      exec.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> server.closes() == 1);
      int settled = server.pings();
      await()
          .during(Duration.ofMillis(600))
          .atMost(Duration.ofSeconds(2))
          .until(() -> server.pings() == settled);
    }
  }

  @Test
  void zeroTurnsPingsOff() throws Exception {
    try (PingCountingApiServer server = new PingCountingApiServer();
        KubernetesClient client = client(server, 0);
        ExecWatch exec = quietExec(client)) {
      // the server counts the upgrade on its own thread, possibly after exec() returned
      await().atMost(Duration.ofSeconds(10)).until(() -> server.upgrades() == 1);
      await()
          .during(Duration.ofMillis(800))
          .atMost(Duration.ofSeconds(3))
          .until(() -> server.pings() == 0);
    }
  }

  /** Why the wrapper exists; when a fabric8 upgrade makes this fail, the wrapper can go. */
  @Test
  void fabric8sJdkClientAloneSendsNoPingsWhateverItsConfigSays() throws Exception {
    try (PingCountingApiServer server = new PingCountingApiServer();
        KubernetesClient client =
            new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder()
                        .withMasterUrl(server.url())
                        .withWebsocketPingInterval(100L)
                        .build())
                .build();
        ExecWatch exec = quietExec(client)) {
      assertThat(client.getHttpClient().getClass().getName())
          .startsWith("io.fabric8.kubernetes.client.jdkhttp.");
      // the server counts the upgrade on its own thread, possibly after exec() returned
      await().atMost(Duration.ofSeconds(10)).until(() -> server.upgrades() == 1);
      await()
          .during(Duration.ofMillis(800))
          .atMost(Duration.ofSeconds(3))
          .until(() -> server.pings() == 0);
    }
  }

  @Test
  void theDefaultIsFabric8sThirtySeconds() {
    assertThat(
            GatewayKubernetesClient.pingInterval(
                new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build()))
        .isEqualTo(Duration.ofMillis(Config.DEFAULT_WEBSOCKET_PING_INTERVAL))
        .isEqualTo(Duration.ofSeconds(30));
  }
}
