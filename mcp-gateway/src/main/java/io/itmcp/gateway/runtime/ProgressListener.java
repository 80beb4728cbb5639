package io.itmcp.gateway.runtime;

/** Told while a long command runs, so the gateway can send MCP progress notifications. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (elapsedMs, outputBytes) -> {};

  void onProgress(long elapsedMs, long outputBytes);
}
