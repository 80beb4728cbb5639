package io.itmcp.gateway.http;

import static io.itmcp.gateway.testing.HttpHarness.ALICE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.auth.BearerTokenAuthenticator;
import io.itmcp.gateway.auth.PolicyAuthorizer;
import io.itmcp.gateway.auth.TokenEntry;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.server.ToolCallHandler;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.RawHttp;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster runtime's {@code /mcp/{policy}} endpoint behind the asynchronous body read: the
 * request, re-dispatched once its body is read, keeps its policy and reaches the policy's server.
 */
class PerPolicyEndpointTest {

  @TempDir Path tmp;

  @Test
  void aSessionAtAPolicysEndpointWorksAndItsErrorsAreJsonRpcErrors() throws Exception {
    EffectivePolicy policy =
        TestPolicies.policy(EnumSet.of(ToolName.CAT), TestPolicies.limits(3, 600));
    ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
    InFlightCalls inFlight = new InFlightCalls();
    Path file = Files.writeString(tmp.resolve("f.txt"), "per policy\n");
    try (SessionRegistry sessions = new SessionRegistry(runtime, policy);
        HttpGateway gateway = startPerPolicy(policy, sessions, inFlight)) {
      String base = "http://127.0.0.1:" + gateway.port();
      HttpClientStreamableHttpTransport transport =
          HttpClientStreamableHttpTransport.builder(base)
              .endpoint("/mcp/" + policy.name())
              .requestBuilder(
                  HttpRequest.newBuilder().header("Authorization", "Bearer " + ALICE_TOKEN))
              .build();
      try (McpSyncClient client =
          McpClient.sync(transport)
              .requestTimeout(Duration.ofSeconds(30))
              .clientInfo(new McpSchema.Implementation("itmcp-test", "1"))
              .build()) {
        client.initialize();
        assertThat(client.listTools().tools())
            .extracting(McpSchema.Tool::name)
            .contains("cat_tool");
        assertThat(
                client
                    .callTool(new CallToolRequest("cat_tool", Map.of("file_path", file.toString())))
                    .isError())
            .isFalse();
      }
      HttpResponse<String> broken =
          RawHttp.post(
              base + "/mcp/" + policy.name(),
              "{not json",
              Map.of("Authorization", "Bearer " + ALICE_TOKEN));
      assertThat(broken.statusCode()).isEqualTo(400);
      assertThat(broken.body())
          .contains("-32700")
          .doesNotContain("stackTrace")
          .doesNotContain("Exception");
    }
  }

  /**
   * Opening a session reads its policy from the API server once: the access filter's read is this
   * request's live policy for the endpoint too (each read is a round trip in the cluster).
   */
  @Test
  void anInitializeReadsItsPolicyOnce() throws Exception {
    EffectivePolicy policy =
        TestPolicies.policy(EnumSet.of(ToolName.CAT), TestPolicies.limits(3, 600));
    java.util.concurrent.atomic.AtomicInteger reads =
        new java.util.concurrent.atomic.AtomicInteger();
    io.itmcp.gateway.session.SessionPolicies counting =
        new io.itmcp.gateway.session.SessionPolicies() {
          @Override
          public String defaultName() {
            return policy.name();
          }

          @Override
          public EffectivePolicy current(String name) {
            reads.incrementAndGet();
            return policy;
          }
        };
    InFlightCalls inFlight = new InFlightCalls();
    try (SessionRegistry sessions =
            new SessionRegistry(new ProcessSandboxRuntime(), policy, counting, System::nanoTime);
        HttpGateway gateway = startPerPolicy(policy, sessions, inFlight)) {
      reads.set(0);
      HttpResponse<String> opened =
          RawHttp.post(
              "http://127.0.0.1:" + gateway.port() + "/mcp/" + policy.name(),
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                  + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                  + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
              Map.of("Authorization", "Bearer " + ALICE_TOKEN));

      assertThat(opened.statusCode()).isEqualTo(200);
      assertThat(opened.headers().firstValue("Mcp-Session-Id")).isPresent();
      assertThat(reads.get()).as("policy reads for one initialize").isEqualTo(1);
    }
  }

  /** The per-policy HTTP gateway with alice's token and every policy allowed. */
  private static HttpGateway startPerPolicy(
      EffectivePolicy policy, SessionRegistry sessions, InFlightCalls inFlight) throws Exception {
    return HttpGateway.startPerPolicy(
        new HttpGatewayConfig("127.0.0.1", 0, List.of(), List.of(), 64 * 1024),
        new McpServerFactory(
            policy,
            FakeTools.catalog(),
            new ToolCallHandler(
                sessions, new MemoryAuditSink(null), inFlight, null, Clock.systemUTC())),
        sessions,
        inFlight,
        new BearerTokenAuthenticator(
            List.of(
                new TokenEntry("alice", List.of(), BearerTokenAuthenticator.sha256(ALICE_TOKEN)))),
        PolicyAuthorizer.ALLOW_ALL);
  }
}
