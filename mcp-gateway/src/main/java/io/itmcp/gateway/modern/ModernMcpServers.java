package io.itmcp.gateway.modern;

import io.itmcp.gateway.approval.MrtrApprover;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.server.CallProtocol;
import io.itmcp.gateway.server.GatewayContext;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.HmacRequestStateCodec;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.RequestStateCodec;
import io.modelcontextprotocol.modern.server.feature.McpChangeFeed;
import io.modelcontextprotocol.modern.server.feature.ServerChange;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import java.security.SecureRandom;
import java.time.Clock;
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
  private static final JsonSchemaValidator CHECKED_BY_THE_TOOLS =
      (schema, instance) -> JsonSchemaValidator.ValidationResponse.asValid(null);

  /**
   * Seals the request state of an approval question (HMAC-SHA256, bound to the caller, the method
   * and the tool, expiring after the longest approval wait). The key is the one all replicas share
   * ({@code --request-state-key-file}), else this process's own: a retry must then reach the
   * replica that asked.
   */
  static RequestStateCodec requestStates(byte[] key, Clock clock) {
    return HmacRequestStateCodec.builder()
        .key(key)
        .ttl(MrtrApprover.STATE_LIFETIME)
        .clock(clock)
        .principalExtractor(tc -> GatewayContext.identity(tc).map(Identity::user).orElse(null))
        .jsonMapper(McpJsonDefaults.getMapper())
        .build();
  }

  private static byte[] processKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private static final byte[] PROCESS_KEY = processKey();

  private ModernMcpServers() {}

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
        .serverInfo(
            McpSchema.Implementation.builder(
                    McpServerFactory.SERVER_NAME, McpServerFactory.SERVER_VERSION)
                .build())
        .instructions(McpServerFactory.INSTRUCTIONS)
        .supportedVersions(List.of(CallProtocol.MODERN_VERSION))
        .jsonMapper(json)
        .requestStateCodec(
            requestStates(factory.requestStateKey().orElse(PROCESS_KEY), factory.handler().clock()))
        .feature(
            ToolsFeature.ofAsync(
                new ModernToolRepository(factory, inFlight, json),
                json,
                CHECKED_BY_THE_TOOLS,
                ModernToolRepository.LIST_TTL.toMillis(),
                McpSchema.CacheScope.PRIVATE));
  }
}
