package io.itmcp.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.HttpHarness;
import io.itmcp.gateway.testing.NodeClient;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official TypeScript MCP SDK client over Streamable HTTP against the in-process gateway (test
 * tools, test runtime): what the server saw (audit, the process run) and a wrong token. Over stdio
 * the client talks to the real jar: GatewayJarIT.typeScriptClientOverStdio and
 * GatewayJarHttpIT.typeScriptClientOverHttp, with the same assertions on what the client saw.
 */
class TypeScriptSdkClientTest {

  @TempDir Path tmp;

  private static void assertSession(JsonNode out, String expectedText) {
    NodeClient.assertListed(out, "ping_tool", "cat_tool");
    assertThat(out.at("/call/isError").asBoolean()).isFalse();
    assertThat(out.at("/call/structuredContent/stdout").asText()).isEqualTo(expectedText);
    assertThat(out.at("/call/structuredContent/exitCode").asInt()).isZero();
    assertThat(out.at("/refused/isError").asBoolean()).isTrue();
    assertThat(out.at("/refused/text").asText()).startsWith("refused");
  }

  @Test
  void overStreamableHttp() throws Exception {
    NodeClient.require();
    Path file = Files.writeString(tmp.resolve("ts.txt"), "typescript over http\n");
    ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
    try (HttpHarness h =
        new HttpHarness(
            TestPolicies.defaultPolicy(), FakeTools.catalog(), runtime, null, 1 << 20)) {
      JsonNode out =
          NodeClient.run(
              List.of("http", h.baseUrl() + "/mcp", HttpHarness.ALICE_TOKEN, file.toString()));
      assertSession(out, "typescript over http\n");
      assertThat(runtime.executed).hasSize(1);
      // the allowed call's intent and completion, the refusal
      assertThat(h.audit.events).hasSize(3);
      JsonNode wrongToken =
          NodeClient.run(List.of("http", h.baseUrl() + "/mcp", "wrong", file.toString()));
      assertThat(wrongToken.path("ok").asBoolean()).isFalse();
      assertThat(wrongToken.path("error").asText()).contains("unauthorized");
    }
  }
}
