package io.itmcp.e2e.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The MCP Java SDK client over Streamable HTTP with a bearer token, as an assistant connects. */
final class McpSessions {
  static final String CLIENT_NAME = "itmcp-e2e-mcp-node";

  private McpSessions() {
  }

  static McpSyncClient connect(String baseUrl, String token) {
    return connect(baseUrl, token, CLIENT_NAME);
  }

  /** A client that names itself {@code clientName}: a user's sandbox is per policy and client name. */
  static McpSyncClient connect(String baseUrl, String token, String clientName) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl)
        .endpoint("/mcp")
        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
        .build();
    return McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(90))
        .clientInfo(new McpSchema.Implementation(clientName, "1.0.0"))
        .build();
  }

  static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
  }

  static String text(CallToolResult result) {
    return result.content().stream()
        .map(c -> c instanceof McpSchema.TextContent t ? t.text() : c.toString())
        .collect(Collectors.joining("\n"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(CallToolResult result) {
    return result.structuredContent() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static String describe(String tool, CallToolResult result) {
    return tool + " -> isError " + result.isError() + "\n" + text(result) + "\nstructured: " + result.structuredContent();
  }
}
