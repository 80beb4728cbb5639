package io.itmcp.gateway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The answer to a tools/call naming a tool the gateway does not have: the JSON-RPC error the MCP
 * specification prescribes (-32602), saying which tools the caller's policy enables instead of the
 * SDK's fixed "Unknown tool: invalid_tool_name". Pure.
 */
public final class UnknownToolAnswer {

  static final int INVALID_PARAMS = -32602;
  private static final ObjectMapper JSON = new ObjectMapper();

  private UnknownToolAnswer() {}

  /**
   * @param requestIdKey the request's id as {@link RequestIds#key} writes it
   * @param tool the name the call gave; null when it gave none
   * @param policyName the caller's policy; null when it could not be read
   * @param enabled the tools that policy enables, in catalog order
   */
  public static String line(
      String requestIdKey, String tool, String policyName, List<String> enabled) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("jsonrpc", "2.0");
    if (requestIdKey.startsWith("n:")) {
      answer.put("id", new java.math.BigDecimal(requestIdKey.substring(2)));
    } else {
      answer.put("id", requestIdKey.substring(2));
    }
    ObjectNode error = answer.putObject("error");
    error.put("code", INVALID_PARAMS);
    error.put("message", message(tool, policyName, enabled));
    ObjectNode data = error.putObject("data");
    if (tool == null) {
      data.putNull("tool");
    } else {
      data.put("tool", tool);
    }
    enabled.forEach(data.putArray("availableTools")::add);
    return answer.toString();
  }

  /** What the client and the audit record are told. */
  public static String message(String tool, String policyName, List<String> enabled) {
    String named = tool == null ? "Unknown tool: the call names no tool" : "Unknown tool: " + tool;
    if (policyName == null) {
      return named
          + "; the policy cannot be read now, so no tool is available (tools/list says why)";
    }
    return named
        + "; the tools enabled by policy '"
        + policyName
        + "' are "
        + (enabled.isEmpty() ? "none" : String.join(", ", enabled))
        + " (tools/list describes them)";
  }
}
