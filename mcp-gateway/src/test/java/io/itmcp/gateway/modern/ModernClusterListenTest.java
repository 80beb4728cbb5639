package io.itmcp.gateway.modern;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.auth.BearerTokenAuthenticator;
import io.itmcp.gateway.auth.PolicyAuthorizer;
import io.itmcp.gateway.auth.TokenEntry;
import io.itmcp.gateway.cluster.ClusterPolicies;
import io.itmcp.gateway.http.HttpGateway;
import io.itmcp.gateway.http.HttpGatewayConfig;
import io.itmcp.gateway.runtime.kubernetes.ClusterPolicySource;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.CallerKey;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ModernClients;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.tools.ToolCatalog;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.SubscriptionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster runtime's HTTP front ({@code /mcp/{policy}}, policies read live (no watch) from the
 * fabric8 mock API server) in the modern era: a {@code subscriptions/listen} stream hears {@code
 * toolsListChanged} when an edit of its policy changes the tools or their descriptions, and a
 * modern call runs in the caller's session of that policy.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class ModernClusterListenTest {

  private static final String NAMESPACE = "itmcp-sandboxes";
  private static final String TOKEN = "alice-cluster-token-01";

  KubernetesClient client;

  @TempDir Path dir;

  private SessionRegistry sessions;
  private HttpGateway gateway;
  private final MemoryAuditSink audit = new MemoryAuditSink();

  @BeforeEach
  void start() throws Exception {
    apply(List.of(ToolName.PING, ToolName.CAT), List.of("10.0.0.1"));
    ClusterPolicySource source = new ClusterPolicySource(client, NAMESPACE, "netops");
    sessions =
        new SessionRegistry(
            new ProcessSandboxRuntime(),
            source.policy("netops"),
            new ClusterPolicies(source),
            System::nanoTime);
    InFlightCalls inFlight = new InFlightCalls();
    ToolCallHandler handler =
        new ToolCallHandler(sessions, audit, inFlight, null, Clock.systemUTC());
    McpServerFactory factory = new McpServerFactory(sessions.policy(), ToolCatalog.all(), handler);
    BearerTokenAuthenticator auth =
        new BearerTokenAuthenticator(
            List.of(
                new TokenEntry(
                    "alice", List.of("netops"), BearerTokenAuthenticator.sha256(TOKEN))));
    gateway =
        HttpGateway.startPerPolicy(
            new HttpGatewayConfig("127.0.0.1", 0, List.of(), List.of(), 64 * 1024),
            factory,
            sessions,
            inFlight,
            auth,
            PolicyAuthorizer.ALLOW_ALL);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (sessions != null) {
      sessions.close();
    }
  }

  private void apply(List<ToolName> tools, List<String> hosts) {
    ItmcpPolicySpec spec = new ItmcpPolicySpec();
    spec.setTools(tools);
    spec.setAllowedHosts(hosts);
    spec.setAllowedDirectories(List.of(dir.toString()));
    ItmcpPolicy policy = new ItmcpPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("netops").withNamespace(NAMESPACE).build());
    policy.setSpec(spec);
    client.resource(policy).createOr(existing -> existing.update());
  }

  private McpSyncClient modernClient() {
    return ModernClients.http("http://127.0.0.1:" + gateway.port() + "/mcp/netops", TOKEN);
  }

  @Test
  void aPolicyEditReachesAModernListenerAsToolsListChanged() throws Exception {
    McpSyncClient listener = modernClient();
    BlockingQueue<SubscriptionEvent> events = new LinkedBlockingQueue<>();
    try (McpSyncClient.Listening ignored = listener.listen().toolsChanged().open(events::add)) {
      SubscriptionEvent first = events.poll(20, TimeUnit.SECONDS);
      assertThat(first)
          .isInstanceOfSatisfying(
              SubscriptionEvent.Subscribed.class,
              s -> assertThat(s.honoured().wantsToolsListChanged()).isTrue());
      McpSyncClient other = modernClient();
      assertThat(other.tools().list().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactly("ping_tool", "cat_tool");

      apply(List.of(ToolName.PING, ToolName.CAT, ToolName.HEAD), List.of("10.0.0.2"));
      // the gateway reads the policy on every request: the next one of any client sees the edit
      List<McpSchema.Tool> after = other.tools().list().tools();

      assertThat(after)
          .extracting(McpSchema.Tool::name)
          .containsExactly("ping_tool", "cat_tool", "head_tool");
      assertThat(after.get(0).description()).contains("10.0.0.2").doesNotContain("10.0.0.1");
      assertThat(events.poll(20, TimeUnit.SECONDS))
          .isInstanceOf(SubscriptionEvent.ToolsListChanged.class);
    }
  }

  @Test
  void aModernCallRunsInTheCallersSessionOfThePathsPolicy() throws Exception {
    Path file = Files.writeString(dir.resolve("a.log"), "cluster front\n");

    McpSchema.CallToolResult r =
        modernClient()
            .tool("cat_tool")
            .arguments(java.util.Map.of("file_path", file.toString()))
            .call();

    assertThat(r.isError()).as(r.content().toString()).isFalse();
    String caller = CallerKey.of("alice", "netops", ModernClients.CLIENT_NAME).sessionId();
    assertThat(sessions.find(caller))
        .hasValueSatisfying(s -> assertThat(s.policyName()).isEqualTo("netops"));
    assertThat(audit.closed())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.session()).isEqualTo(caller);
              assertThat(e.era()).isEqualTo("modern");
            });
    modernClient()
        .tool("cat_tool")
        .arguments(java.util.Map.of("file_path", file.toString()))
        .call();
    assertThat(sessions.liveSessions("alice"))
        .as("one session per caller, not per request")
        .isEqualTo(1);
    assertThat(audit.events).extracting(AuditEvent::session).containsOnly(caller);
    assertThat(audit.closed()).hasSize(2);
  }
}
