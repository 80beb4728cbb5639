package io.itmcp.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Optional;

/**
 * The JSON-RPC error answer for a stdio line the MCP SDK could not take: the SDK's stdio transport
 * stops reading at the first such line, which would leave the client without an answer and the
 * gateway without input. Pure.
 */
final class MalformedMessages {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;

  private MalformedMessages() {}

  /**
   * Empty when the SDK can read the line as a JSON-RPC message; otherwise the error to answer:
   * -32700 (Parse error, id null) for text that is not JSON, -32600 (Invalid Request) for JSON that
   * is not a JSON-RPC message, with the message's id when it has a usable one.
   */
  static Optional<String> answerFor(String line) {
    try {
      McpSchema.deserializeJsonRpcMessage(McpJsonDefaults.getMapper(), line);
      return Optional.empty();
    } catch (Exception unreadable) {
      JsonNode root;
      try {
        root = JSON.readTree(line);
      } catch (Exception notJson) {
        return Optional.of(
            error(
                null,
                PARSE_ERROR,
                "Parse error: the line is not JSON; one JSON-RPC message per line"));
      }
      JsonNode id = root instanceof ObjectNode o ? o.get("id") : null;
      JsonNode usableId = id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
      return Optional.of(
          error(
              usableId,
              INVALID_REQUEST,
              "Invalid Request: not a JSON-RPC 2.0 request, notification or response object"));
    }
  }

  private static String error(JsonNode id, int code, String message) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("jsonrpc", "2.0");
    if (id == null) {
      answer.putNull("id");
    } else {
      answer.set("id", id);
    }
    ObjectNode error = answer.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return answer.toString();
  }
}
