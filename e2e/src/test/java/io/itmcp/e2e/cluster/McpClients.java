package io.itmcp.e2e.cluster;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The MCP Java SDK client over Streamable HTTP with a bearer token, as an assistant connects. */
final class McpClients {
  static final String CLIENT_NAME = "itmcp-e2e-assistant";
  static final String CLIENT_VERSION = "1.2.3";

  private McpClients() {
  }

  static McpSyncClient connect(String baseUrl, String endpoint, String token) {
    return connect(baseUrl, endpoint, token, spec -> { });
  }

  static McpSyncClient connect(String baseUrl, String endpoint, String token, Consumer<McpClient.SyncSpec> customize) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl)
        .endpoint(endpoint)
        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
        .build();
    McpClient.SyncSpec spec = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(60))
        .clientInfo(new McpSchema.Implementation(CLIENT_NAME, CLIENT_VERSION));
    customize.accept(spec);
    return spec.build();
  }

  static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
  }

  static String text(CallToolResult result) {
    return result.content().stream()
        .map(c -> c instanceof McpSchema.TextContent t ? t.text() : c.toString())
        .collect(Collectors.joining("\n"));
  }
}
