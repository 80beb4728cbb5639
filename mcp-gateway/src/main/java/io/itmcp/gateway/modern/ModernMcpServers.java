package io.itmcp.gateway.modern;

import io.itmcp.gateway.server.CallProtocol;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.RequestStateCodec;
import io.modelcontextprotocol.modern.server.feature.McpChangeFeed;
import io.modelcontextprotocol.modern.server.feature.ServerChange;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import java.util.List;

/**
 * The MCP 2026-07-28 ("modern") server of the Java SDK, built from the same catalog, policy and
 * {@link io.itmcp.gateway.server.ToolCallHandler} as the legacy server: {@code server/discover},
 * {@code tools/list} and {@code tools/call}, and where tool lists change (cluster runtime, policy
 * edits) {@code subscriptions/listen}. The SDK checks the per-request {@code _meta}, the protocol
 * version (-32022 naming the supported ones) and, on HTTP, the {@code Mcp-*} headers (-32020).
 */
public final class ModernMcpServers {

  /**
   * Input is checked by each tool's plan, which refuses and audits; the SDK's own check would
   * answer unaudited. Output always has the declared shape (ToolResults).
   */
  private static final JsonSchemaValidator CHECKED_BY_THE_TOOLS = (schema, instance) ->
      JsonSchemaValidator.ValidationResponse.asValid(null);

  /**
   * No tool asks the client for input (no multi-round-trip results), so there is no request state
   * to seal, and none a client sends is accepted: nothing to share between replicas.
   */
  private static final RequestStateCodec NO_REQUEST_STATE = new RequestStateCodec() {
    @Override
    public String seal(McpRequestContext ctx, String state) {
      throw new IllegalStateException("the gateway's tools never ask for input");
    }

    @Override
    public String open(McpRequestContext ctx, String sealed) {
      return null;
    }
  };

  private ModernMcpServers() {
  }

  /** A server whose tool list never changes while it runs (local runtime: one policy file). */
  public static McpServer fixed(McpServerFactory factory, InFlightCalls inFlight) {
    return builder(factory, inFlight).build();
  }

  /** A server that announces tool-list changes to {@code subscriptions/listen} streams. */
  public static Listed withListChanges(McpServerFactory factory, InFlightCalls inFlight) {
    McpChangeFeed feed = new McpChangeFeed();
    return new Listed(builder(factory, inFlight).subscriptions(feed).build(), feed);
  }

  /** A server and the feed that tells its listeners that the tool list changed. */
  public record Listed(McpServer server, McpChangeFeed feed) {
    public void toolsListChanged() {
      feed.broadcast(new ServerChange.ToolsListChanged());
    }
  }

  private static McpServer.Builder builder(McpServerFactory factory, InFlightCalls inFlight) {
    McpJsonMapper json = McpJsonDefaults.getMapper();
    return McpServer.builder()
        .serverInfo(McpSchema.Implementation.builder(McpServerFactory.SERVER_NAME, McpServerFactory.SERVER_VERSION)
            .build())
        .instructions(McpServerFactory.INSTRUCTIONS)
        .supportedVersions(List.of(CallProtocol.MODERN_VERSION))
        .jsonMapper(json)
        .requestStateCodec(NO_REQUEST_STATE)
        .feature(ToolsFeature.ofAsync(new ModernToolRepository(factory, inFlight), json, CHECKED_BY_THE_TOOLS,
            ModernToolRepository.LIST_TTL.toMillis(), McpSchema.CacheScope.PRIVATE));
  }
}
