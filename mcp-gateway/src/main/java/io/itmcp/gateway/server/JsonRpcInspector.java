package io.itmcp.gateway.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Looks at one incoming JSON-RPC message before the SDK does: stamps a tools/call request's id into
 * {@code params._meta} (the SDK does not hand the id to tool handlers) and recognises {@code
 * notifications/cancelled}. Anything that is not a JSON object passes through untouched.
 */
public final class JsonRpcInspector {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> ARGUMENTS = new TypeReference<>() {};

  /**
   * What the message was.
   *
   * @param toolName for tools/call, the tool named in params (null when absent or not a string)
   * @param arguments for tools/call, params.arguments as sent (null when absent); {@link
   *     #toolArguments} gives them as plain values, converted only when asked: only a call to an
   *     unknown tool needs them (for its audit record), and every line of every call is inspected
   * @param json whether the text parsed as JSON at all
   * @param modernProtocolVersion {@code params._meta["io.modelcontextprotocol/protocolVersion"]}:
   *     present only on requests of the modern era (2026-07-28); null otherwise
   */
  public record Inspected(
      String text,
      String method,
      String requestIdKey,
      String cancelledRequestIdKey,
      String toolName,
      JsonNode arguments,
      boolean json,
      String modernProtocolVersion) {

    public Inspected(
        String text, String method, String requestIdKey, String cancelledRequestIdKey) {
      this(text, method, requestIdKey, cancelledRequestIdKey, null, null, true, null);
    }

    /** For tools/call, params.arguments as plain values (empty when absent or not an object). */
    public Map<String, Object> toolArguments() {
      return arguments instanceof ObjectNode a ? JSON.convertValue(a, ARGUMENTS) : Map.of();
    }

    public boolean isInitialize() {
      return "initialize".equals(method);
    }

    public boolean isToolCall() {
      return "tools/call".equals(method);
    }
  }

  private JsonRpcInspector() {}

  public static Inspected inspect(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (Exception e) {
      return new Inspected(text, null, null, null, null, null, false, null);
    }
    return inspect(root, text, true);
  }

  /**
   * As {@link #inspect(String)}, of a message its caller already parsed ({@code root}, from {@code
   * text}): nothing is stamped, the text stays as given and {@code root} unchanged. For a caller
   * that only looks (the stdio router's unknown-tool check), so that a line is not parsed twice.
   */
  public static Inspected inspectParsed(JsonNode root, String text) {
    return inspect(root, text, false);
  }

  private static Inspected inspect(JsonNode root, String text, boolean stamp) {
    if (!(root instanceof ObjectNode msg)) {
      return new Inspected(text, null, null, null);
    }
    JsonNode m = msg.get("method");
    String method = m != null && m.isTextual() ? m.asText() : null;
    String idKey = RequestIds.key(msg.get("id"));
    JsonNode versionNode = msg.at("/params/_meta/io.modelcontextprotocol~1protocolVersion");
    String modern =
        versionNode.isTextual() && !versionNode.asText().isBlank() ? versionNode.asText() : null;
    if ("notifications/cancelled".equals(method)) {
      JsonNode params = msg.get("params");
      String cancelled = params == null ? null : RequestIds.key(params.get("requestId"));
      return new Inspected(text, method, null, cancelled);
    }
    if ("tools/call".equals(method)
        && idKey != null
        && msg.get("params") instanceof ObjectNode params) {
      JsonNode name = params.get("name");
      JsonNode arguments = params.get("arguments");
      String stamped = text;
      if (stamp) {
        JsonNode meta = params.get("_meta");
        ObjectNode metaObj = meta instanceof ObjectNode o ? o : params.putObject("_meta");
        metaObj.put(RequestIds.META_KEY, idKey);
        stamped = msg.toString();
      }
      return new Inspected(
          stamped,
          method,
          idKey,
          null,
          name != null && name.isTextual() ? name.asText() : null,
          arguments,
          true,
          modern);
    }
    return new Inspected(text, method, idKey, null, null, null, true, modern);
  }
}
