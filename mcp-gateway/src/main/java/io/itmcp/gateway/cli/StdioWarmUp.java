package io.itmcp.gateway.cli;

import io.itmcp.gateway.observe.GatewayMetrics;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * For {@code serve --stdio}, on the policy's warm-up thread after the policy's reader ({@link
 * io.itmcp.policy.PolicyWarmUp}) and while the main thread parses the command line and loads the
 * policy: initializes the classes and builds the Jackson (de)serializers that the MCP server and
 * its first answer need next — the SDK's JSON mapper and schema validator, an {@code initialize}
 * request read and its answer written, Reactor's Mono and Flux, and first a meter registry — so
 * that the main thread, which answers {@code initialize}, finds them made. Nothing it makes is kept
 * or used: the shared mapper's caches and initialized classes are what it leaves, the same the main
 * thread would make itself.
 */
final class StdioWarmUp {

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"warm-up\",\"version\":\"1\"}}}";

  private StdioWarmUp() {}

  /** Whether the arguments start a stdio gateway (a warm-up of anything else would be wasted). */
  static boolean wanted(List<String> args) {
    return args.contains("serve") && args.contains("--stdio");
  }

  /** In the order the main thread needs them: the meters, then the MCP server and its answer. */
  static void run() {
    GatewayMetrics.gatewayOnly();
    try {
      McpJsonMapper json = McpJsonDefaults.getMapper();
      McpJsonDefaults.getSchemaValidator();
      McpSchema.JSONRPCRequest request =
          (McpSchema.JSONRPCRequest) McpSchema.deserializeJsonRpcMessage(json, INITIALIZE);
      McpSchema.InitializeRequest initialize =
          json.convertValue(request.params(), McpSchema.InitializeRequest.class);
      json.writeValueAsString(
          McpSchema.JSONRPCResponse.result(
              request.id(),
              new McpSchema.InitializeResult(
                  initialize.protocolVersion(),
                  McpSchema.ServerCapabilities.builder().tools(true).build(),
                  new McpSchema.Implementation("warm-up", "1"),
                  "",
                  Map.of())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // linking Mono and Flux loads the ~300 operator classes their methods return
    Mono.just(1).map(i -> i + 1).block();
    Flux.just(1).collectList().block();
    Sinks.many().unicast().onBackpressureBuffer();
  }
}
