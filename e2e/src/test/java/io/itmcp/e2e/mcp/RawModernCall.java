package io.itmcp.e2e.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A {@code tools/call} as a client of MCP 2026-07-28 sends it, posted by the JDK's HTTP client with
 * no MCP library: each call is one POST carrying its protocol version and client in {@code _meta}
 * and the headers the spec asks for. What the benchmark times with it is the gateway's own share of
 * a call, without an SDK client's threads, schedulers and schema checks in the same JVM.
 */
final class RawModernCall {
  static final String VERSION = "2026-07-28";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI endpoint;
  private final String token;
  private final String clientName;
  private int nextId = 1;

  RawModernCall(String endpoint, String token, String clientName) {
    this.endpoint = URI.create(endpoint);
    this.token = token;
    this.clientName = clientName;
  }

  /** The call's JSON-RPC {@code result}; an error answer throws with the answer in its message. */
  JsonNode call(String tool, Map<String, Object> arguments)
      throws IOException, InterruptedException {
    ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", nextId++);
    request.put("method", "tools/call");
    ObjectNode params = request.putObject("params").put("name", tool);
    params.set("arguments", JSON.valueToTree(arguments));
    ObjectNode meta = params.putObject("_meta");
    meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
    meta.putObject("io.modelcontextprotocol/clientCapabilities");
    meta.putObject("io.modelcontextprotocol/clientInfo")
        .put("name", clientName)
        .put("version", "1.0.0");
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(endpoint)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", VERSION)
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", tool)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode answer = answer(response.body());
    if (response.statusCode() != 200 || answer == null || !answer.has("result")) {
      throw new IllegalStateException(
          "tools/call " + tool + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return answer.get("result");
  }

  /** The JSON-RPC answer of a body that is one JSON object or an SSE stream of them. */
  static JsonNode answer(String body) throws IOException {
    if (body.stripLeading().startsWith("{")) {
      return JSON.readTree(body);
    }
    JsonNode last = null;
    for (String line : body.split("\n")) {
      if (line.startsWith("data:")) {
        JsonNode message = JSON.readTree(line.substring("data:".length()));
        if (message.has("id")) {
          last = message;
        }
      }
    }
    return last;
  }
}
