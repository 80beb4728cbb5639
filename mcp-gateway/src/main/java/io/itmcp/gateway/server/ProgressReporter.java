package io.itmcp.gateway.server;

import io.itmcp.gateway.runtime.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the runtime's progress ticks into MCP progress notifications (at most one per interval).
 */
final class ProgressReporter implements ProgressListener {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
  private static final long MIN_INTERVAL_MS = 500;

  private final ProgressSink sink;
  private final double totalMs;
  private long lastSentMs = -MIN_INTERVAL_MS;
  private long lastProgress = -1;

  ProgressReporter(ProgressSink sink, long deadlineMs) {
    this.sink = sink;
    this.totalMs = deadlineMs;
  }

  /**
   * @param sink null when the client asked for no progress (no token)
   */
  static ProgressListener forCall(ProgressSink sink, boolean longRunning, long deadlineMs) {
    if (sink == null || !longRunning) {
      return ProgressListener.NONE;
    }
    return new ProgressReporter(sink, deadlineMs);
  }

  @Override
  public synchronized void onProgress(long elapsedMs, long outputBytes) {
    if (elapsedMs - lastSentMs < MIN_INTERVAL_MS || elapsedMs <= lastProgress) {
      return;
    }
    lastSentMs = elapsedMs;
    lastProgress = elapsedMs;
    try {
      sink.send(
          (double) elapsedMs,
          totalMs,
          "running for " + elapsedMs / 1000 + "s, " + outputBytes + " bytes of output so far");
    } catch (RuntimeException e) {
      // a client that went away must not break the call
      LOG.debug("progress notification not sent: {}", e.toString());
    }
  }
}
