package io.itmcp.gateway.http;

import static io.itmcp.gateway.testing.HttpHarness.ALICE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.session.ReloadablePolicy;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.HttpHarness;
import io.itmcp.gateway.testing.ModernClients;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.SubscriptionEvent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A local HTTP gateway whose policy file was reloaded: a legacy session is told the tools changed
 * (notifications/tools/list_changed on its stream) and lists the new ones; a modern listener hears
 * it on subscriptions/listen.
 */
class LocalPolicyReloadHttpTest {

  private final ReloadablePolicy live = new ReloadablePolicy(TestPolicies.defaultPolicy());
  private HttpHarness harness;

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void bothErasAreToldThatTheToolsChanged() throws Exception {
    harness = new HttpHarness(live, FakeTools.catalog(), new ProcessSandboxRuntime());
    List<List<Tool>> legacyHeard = new CopyOnWriteArrayList<>();
    io.modelcontextprotocol.modern.client.McpSyncClient modern =
        ModernClients.http(harness.baseUrl() + "/mcp", ALICE_TOKEN);
    BlockingQueue<SubscriptionEvent> events = new LinkedBlockingQueue<>();
    try (McpSyncClient legacy =
            harness.client(ALICE_TOKEN, spec -> spec.toolsChangeConsumer(legacyHeard::add));
        io.modelcontextprotocol.modern.client.McpSyncClient.Listening ignored =
            modern.listen().toolsChanged().open(events::add)) {
      legacy.initialize();
      assertThat(legacy.getServerCapabilities().tools().listChanged()).isTrue();
      assertThat(events.poll(20, TimeUnit.SECONDS))
          .isInstanceOf(SubscriptionEvent.Subscribed.class);

      live.replace(TestPolicies.policy(EnumSet.of(ToolName.CAT), TestPolicies.limits(3, 600)));

      // the SDK client answers the notification by listing the tools again
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  legacyHeard.stream()
                      .anyMatch(
                          tools ->
                              tools.stream().map(Tool::name).toList().equals(List.of("cat_tool"))));
      assertThat(events.poll(20, TimeUnit.SECONDS))
          .isInstanceOf(SubscriptionEvent.ToolsListChanged.class);
      assertThat(modern.tools().list().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactly("cat_tool");
    }
  }
}
