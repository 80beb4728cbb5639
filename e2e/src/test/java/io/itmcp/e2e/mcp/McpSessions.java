package io.itmcp.e2e.mcp;

import io.itmcp.testkit.mcp.McpClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;

/**
 * {@link McpClients} as this node's tests connect: to {@code /mcp}, under their own client name,
 * with time for a cold sandbox.
 */
final class McpSessions {
  static final String CLIENT_NAME = "itmcp-e2e-mcp-node";

  private McpSessions() {}

  static McpSyncClient connect(String baseUrl, String token) {
    return connect(baseUrl, token, CLIENT_NAME);
  }

  /**
   * A client that names itself {@code clientName}: a user's sandbox is per policy and client name.
   */
  static McpSyncClient connect(String baseUrl, String token, String clientName) {
    return McpClients.connect(
        baseUrl,
        "/mcp",
        token,
        spec ->
            spec.requestTimeout(Duration.ofSeconds(90))
                .clientInfo(new McpSchema.Implementation(clientName, "1.0.0")));
  }
}
