package io.itmcp.gateway.server;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;

/**
 * Where a call's progress notifications go: the legacy session (by progress token) or, in the
 * modern era, the call's own response stream.
 */
@FunctionalInterface
public interface ProgressSink {

  void send(double progress, Double total, String message);

  /** Legacy: a progress notification on the session, tagged with the request's token. */
  static ProgressSink legacy(McpSyncServerExchange exchange, Object token) {
    if (exchange == null || token == null) {
      return null;
    }
    return (progress, total, message) ->
        exchange.progressNotification(new ProgressNotification(token, progress, total, message));
  }
}
