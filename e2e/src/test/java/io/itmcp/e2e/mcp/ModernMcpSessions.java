package io.itmcp.e2e.mcp;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.time.Duration;

/**
 * A client of MCP 2026-07-28 (the Java SDK's modern client) as this node's tests connect: to {@code
 * /mcp} under a client name. It sends no {@code initialize}: its first request is its first call,
 * carrying the protocol version and client name in {@code _meta}.
 */
final class ModernMcpSessions {

  private ModernMcpSessions() {}

  static McpSyncClient connect(String baseUrl, String token, String clientName) {
    HttpClientMcpTransport transport =
        HttpClientMcpTransport.builder(baseUrl + "/mcp")
            .requestCustomizer(
                McpHttpRequestCustomizer.fromSync(
                    (request, headers, context) -> headers.set("Authorization", "Bearer " + token)))
            .build();
    return McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder(clientName, "1.0.0").build())
        .callTimeout(Duration.ofSeconds(90))
        .build();
  }
}
