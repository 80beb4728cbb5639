package io.itmcp.testkit.mcp;

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

/**
 * The MCP Java SDK client over Streamable HTTP with a bearer token, as an assistant connects, and
 * what tests read from its answers.
 */
public final class McpClients {
  /** The client name and version it announces unless a test names its own. */
  public static final String CLIENT_NAME = "itmcp-e2e-assistant";

  public static final String CLIENT_VERSION = "1.2.3";

  private McpClients() {}

  public static McpSyncClient connect(String baseUrl, String endpoint, String token) {
    return connect(baseUrl, endpoint, token, spec -> {});
  }

  /**
   * @param customize applied last: it may set another client name or request timeout
   */
  public static McpSyncClient connect(
      String baseUrl, String endpoint, String token, Consumer<McpClient.SyncSpec> customize) {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(baseUrl)
            .endpoint(endpoint)
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
            .build();
    McpClient.SyncSpec spec =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(60))
            .clientInfo(new McpSchema.Implementation(CLIENT_NAME, CLIENT_VERSION));
    customize.accept(spec);
    return spec.build();
  }

  public static CallToolResult call(
      McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
  }

  public static String text(CallToolResult result) {
    return result.content().stream()
        .map(c -> c instanceof McpSchema.TextContent t ? t.text() : c.toString())
        .collect(Collectors.joining("\n"));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> structured(CallToolResult result) {
    return result.structuredContent() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The whole answer, for an assertion's description. */
  public static String describe(String tool, CallToolResult result) {
    return tool
        + " -> isError "
        + result.isError()
        + "\n"
        + text(result)
        + "\nstructured: "
        + result.structuredContent();
  }
}
