package io.itmcp.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a client is told when a request fails below the gateway's own checks (in the MCP SDK's
 * transport or in Tomcat): the SDK's fixed explanations pass, anything that carries an exception
 * message (parser errors name classes, failures name libraries) becomes a fixed sentence, and the
 * detail stays in the log. Pure functions.
 */
final class ErrorMessages {

  /** A JSON-RPC error code and the message for the client. */
  record ClientError(int code, String message) {}

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int INTERNAL_ERROR = -32603;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 200;

  /** The SDK's refusals that are fixed text: safe to show as they are. */
  private static final List<String> SDK_FIXED_PARTS =
      List.of(
          "text/event-stream required in Accept header",
          "application/json required in Accept header",
          "Session ID required in mcp-session-id header",
          "Unsupported Media Type: Content-Type must be application/json",
          "Unknown message type");

  private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]*");
  private static final Map<Integer, String> REASONS =
      Map.ofEntries(
          Map.entry(400, "bad request"),
          Map.entry(401, "unauthorized"),
          Map.entry(403, "forbidden"),
          Map.entry(404, "not found"),
          Map.entry(405, "method not allowed"),
          Map.entry(406, "not acceptable"),
          Map.entry(408, "request timeout"),
          Map.entry(411, "length required"),
          Map.entry(413, "request body too large"),
          Map.entry(415, "unsupported media type"),
          Map.entry(429, "too many requests"),
          Map.entry(500, "internal error"),
          Map.entry(503, "service unavailable"));

  private ErrorMessages() {}

  /**
   * The message for a {@code sendError(status, given)}: {@code given} when it is short printable
   * text (it is written by code, never an exception's), else the status's reason.
   */
  static String clientMessage(int status, String given) {
    String reason = reason(status);
    if (given == null
        || given.isBlank()
        || given.length() > MAX_MESSAGE
        || !PRINTABLE.matcher(given).matches()
        || given.contains("Exception")
        || given.contains("\tat ")) {
      return status >= 500
          ? reason + " (HTTP " + status + "); the gateway's log has the detail"
          : reason;
    }
    return reason + ": " + given;
  }

  /** Replaces an error body the MCP SDK wrote (a serialized exception) by a JSON-RPC error. */
  static ClientError fromSdk(int status, String sdkBody) {
    String sdkMessage = sdkMessage(sdkBody);
    if (sdkMessage != null) {
      if (sdkMessage.startsWith("Invalid message format")) {
        return new ClientError(
            PARSE_ERROR, "parse error: the request body is not a JSON-RPC 2.0 message");
      }
      if (isFixed(sdkMessage)) {
        return new ClientError(INVALID_REQUEST, reason(status) + ": " + sdkMessage);
      }
      if (sdkMessage.startsWith("Session not found")) {
        return new ClientError(
            INVALID_REQUEST, "MCP session not found; send initialize to start one");
      }
    }
    int code = status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
    return new ClientError(
        code,
        clientMessage(status, null)
            + (status < 500
                ? ": the MCP transport refused the request (HTTP " + status + ")"
                : ""));
  }

  /**
   * A body that is a JSON-RPC error object (code, message, maybe data) and carries no exception.
   */
  static boolean isJsonRpcError(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null
          || !root.isObject()
          || !"2.0".equals(root.path("jsonrpc").asText())
          || !onlyFields(root, Set.of("jsonrpc", "id", "error"))) {
        return false;
      }
      JsonNode error = root.path("error");
      return error.isObject()
          && onlyFields(error, Set.of("code", "message", "data"))
          && error.path("code").isInt()
          && error.path("message").isTextual()
          && !looksLikeAnException(body);
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean looksLikeAnException(String body) {
    return body.contains("stackTrace") || body.contains("Exception") || body.contains("\tat ");
  }

  /** What the server log keeps of an SDK error body: its message, not the serialized stack. */
  static String logLine(String sdkBody) {
    String message = sdkMessage(sdkBody);
    String line = message != null ? message : sdkBody;
    return line.length() > 500 ? line.substring(0, 500) + "..." : line;
  }

  private static boolean onlyFields(JsonNode node, Set<String> allowed) {
    for (var names = node.fieldNames(); names.hasNext(); ) {
      if (!allowed.contains(names.next())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isFixed(String message) {
    for (String part : message.split("; ")) {
      if (!SDK_FIXED_PARTS.contains(part)) {
        return false;
      }
    }
    return true;
  }

  private static String sdkMessage(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode error = root.path("jsonRpcError");
      JsonNode message = error.isObject() ? error.path("message") : root.path("message");
      return message.isTextual() ? message.asText() : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static String reason(int status) {
    return REASONS.getOrDefault(status, "HTTP " + status);
  }
}
