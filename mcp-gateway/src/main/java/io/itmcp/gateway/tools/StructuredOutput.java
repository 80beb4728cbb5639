package io.itmcp.gateway.tools;

import io.itmcp.gateway.runtime.ExecResult;
import java.util.Map;

/**
 * Reads what a command printed into typed fields for the result's {@code structuredContent}, beside
 * the exit code and output every tool returns (traceroute's hops, a certificate chain, HTTP
 * timings). Runs in the gateway on the command's stdout and stderr after secret-shaped text was
 * replaced and before the plan's {@link OutputFilter}; the field names and their schemas are the
 * tool's {@link ToolDefinition#structuredProperties()}.
 *
 * <p>A reader must not trust the output: it comes from a sandbox that talked to a remote peer, may
 * be cut at the output cap, and may be anything. It returns the fields it could read; a field it
 * could not read is left out rather than guessed.
 */
@FunctionalInterface
public interface StructuredOutput {
  StructuredOutput NONE = result -> Map.of();

  Map<String, Object> read(ExecResult result);
}
