package io.itmcp.gateway.testing;

import io.itmcp.testkit.mcp.ModernMcpClients;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** The Java SDK 2.2.0 modern (2026-07-28) client, as a user of the gateway builds it. */
public final class ModernClients {

  public static final String CLIENT_NAME = "itmcp-modern-test";

  /** A modern request's {@code _meta} as the spec has it, for tests that send raw JSON-RPC. */
  public static final String META =
      "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"%s\","
          + "\"io.modelcontextprotocol/clientCapabilities\":{},"
          + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}";

  private ModernClients() {}

  public static String meta(String version) {
    return META.formatted(version);
  }

  /** Streamable HTTP with a bearer token. */
  public static McpSyncClient http(String endpointUrl, String token) {
    return ModernMcpClients.http(endpointUrl, token, CLIENT_NAME, "1", Duration.ofSeconds(60));
  }

  public static McpSyncClient stdio(InputStream fromServer, OutputStream toServer) {
    StdioMcpClientTransport transport =
        StdioMcpClientTransport.builder(fromServer, toServer).start();
    return McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder(CLIENT_NAME, "1").build())
        .callTimeout(Duration.ofSeconds(60))
        .build();
  }
}
