package io.itmcp.gateway.server;

import io.itmcp.gateway.runtime.ProgressListener;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the runtime's progress ticks into MCP progress notifications (at most one per interval). */
final class ProgressReporter implements ProgressListener {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
  private static final long MIN_INTERVAL_MS = 500;

  private final McpSyncServerExchange exchange;
  private final Object token;
  private final double totalMs;
  private long lastSentMs = -MIN_INTERVAL_MS;
  private long lastProgress = -1;

  ProgressReporter(McpSyncServerExchange exchange, Object token, long deadlineMs) {
    this.exchange = exchange;
    this.token = token;
    this.totalMs = deadlineMs;
  }

  static ProgressListener forCall(McpSyncServerExchange exchange, Object token, boolean longRunning, long deadlineMs) {
    if (token == null || !longRunning || exchange == null) {
      return ProgressListener.NONE;
    }
    return new ProgressReporter(exchange, token, deadlineMs);
  }

  @Override
  public synchronized void onProgress(long elapsedMs, long outputBytes) {
    if (elapsedMs - lastSentMs < MIN_INTERVAL_MS || elapsedMs <= lastProgress) {
      return;
    }
    lastSentMs = elapsedMs;
    lastProgress = elapsedMs;
    try {
      exchange.progressNotification(new ProgressNotification(token, (double) elapsedMs, totalMs,
          "running for " + elapsedMs / 1000 + "s, " + outputBytes + " bytes of output so far"));
    } catch (RuntimeException e) {
      // a client that went away must not break the call
      LOG.debug("progress notification not sent: {}", e.toString());
    }
  }
}
