package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stdio warm-up runs only for a stdio gateway, and leaves the shared JSON mapper as it found it
 * apart from its caches: what the main thread reads and writes afterwards is unchanged.
 */
class StdioWarmUpTest {

  @Test
  void onlyAStdioServeIsWarmedUp() {
    assertThat(StdioWarmUp.wanted(List.of("serve", "--stdio", "--policy", "p.yaml"))).isTrue();
    assertThat(StdioWarmUp.wanted(List.of("serve", "--http", "127.0.0.1:8080"))).isFalse();
    assertThat(StdioWarmUp.wanted(List.of("audit", "verify", "--stdio"))).isFalse();
    assertThat(StdioWarmUp.wanted(List.of("validate", "serve"))).isFalse();
  }

  @Test
  void itRunsWithoutFailingAndTheSharedMapperStillReadsAndWritesAsBefore() throws Exception {
    assertThatCode(StdioWarmUp::run).doesNotThrowAnyException();
    McpSchema.JSONRPCMessage read =
        McpSchema.deserializeJsonRpcMessage(
            McpJsonDefaults.getMapper(),
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":{}}");
    assertThat(read).isInstanceOf(McpSchema.JSONRPCRequest.class);
    assertThat(((McpSchema.JSONRPCRequest) read).id()).isEqualTo(7);
    assertThat(
            McpJsonDefaults.getMapper()
                .writeValueAsString(McpSchema.JSONRPCResponse.result(7, java.util.Map.of())))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");
  }
}
