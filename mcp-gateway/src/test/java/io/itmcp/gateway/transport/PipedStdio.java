package io.itmcp.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A client as {@code printf ... | itmcp serve --stdio} is one: all its lines, then the end of
 * stdin.
 */
final class PipedStdio {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String MODERN_META =
      "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
          + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"pipe\",\"version\":\"1\"},"
          + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
  static final String LEGACY_INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
          + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"printf\",\"version\":\"1\"}}}\n"
          + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  private PipedStdio() {}

  /** Every line the gateway wrote, in order; serve returns only when the gateway would exit. */
  static List<JsonNode> serve(
      McpServerFactory factory, InFlightCalls inFlight, String input, Duration drainLimit)
      throws Exception {
    return serve(
        factory,
        inFlight,
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        drainLimit);
  }

  /** As above, reading stdin from {@code stdin} until it ends. */
  static List<JsonNode> serve(
      McpServerFactory factory, InFlightCalls inFlight, InputStream stdin, Duration drainLimit)
      throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    StdioGateway.serve(factory, inFlight, stdin, stdout, drainLimit);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  /** The answers among those lines, by id. */
  static Map<String, JsonNode> answers(List<JsonNode> lines) {
    return lines.stream()
        .filter(m -> m.has("id") && !m.has("method"))
        .collect(Collectors.toMap(m -> m.get("id").asText(), Function.identity()));
  }
}
