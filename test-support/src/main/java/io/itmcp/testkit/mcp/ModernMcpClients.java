package io.itmcp.testkit.mcp;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.time.Duration;

/**
 * The Java SDK's client of MCP 2026-07-28 over Streamable HTTP with a bearer token, as a user of
 * the gateway builds it. It sends no {@code initialize}: its first request is its first call,
 * carrying the protocol version and the client's name in {@code _meta}.
 */
public final class ModernMcpClients {

  private ModernMcpClients() {}

  public static McpSyncClient http(
      String endpointUrl, String token, String clientName, String version, Duration callTimeout) {
    HttpClientMcpTransport transport =
        HttpClientMcpTransport.builder(endpointUrl)
            .requestCustomizer(
                McpHttpRequestCustomizer.fromSync(
                    (request, headers, context) -> headers.set("Authorization", "Bearer " + token)))
            .build();
    return McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder(clientName, version).build())
        .callTimeout(callTimeout)
        .build();
  }
}
