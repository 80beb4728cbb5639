package io.itmcp.gateway.cli;

import io.itmcp.gateway.observe.GatewayMetrics;
import io.itmcp.gateway.transport.EarlyInitialize;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * For {@code serve --stdio}, on the policy's warm-up thread ({@link io.itmcp.policy.PolicyWarmUp})
 * while the main thread parses the command line: first what the early {@code initialize} answer
 * needs ({@link EarlyInitialize}: the SDK's JSON mapper, an {@code initialize} request read and its
 * answer written), then, after the policy's reader, the classes the MCP server needs next (a meter
 * registry, the SDK's schema validator, Reactor's Mono and Flux), so that the threads that answer
 * and serve find them made. Nothing it makes is kept or used: the shared mapper's caches and
 * initialized classes are what it leaves, the same the other threads would make themselves.
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

  /**
   * What the first line's answer needs ({@link EarlyInitialize}), before the policy's reader: the
   * SDK's JSON mapper, an {@code initialize} request read and its answer written.
   */
  static void answer() {
    EarlyInitialize.answerTo(INITIALIZE);
  }

  /** After the policy's reader, in the order the main thread needs them: meters, the MCP server. */
  static void run() {
    GatewayMetrics.unscraped();
    McpJsonDefaults.getSchemaValidator();
    // linking Mono and Flux loads the ~300 operator classes their methods return
    Mono.just(1).map(i -> i + 1).block();
    Flux.just(1).collectList().block();
    Sinks.many().unicast().onBackpressureBuffer();
  }
}
