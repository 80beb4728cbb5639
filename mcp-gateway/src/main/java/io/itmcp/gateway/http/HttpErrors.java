package io.itmcp.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Error answers the gateway gives before the MCP SDK sees a request: a JSON-RPC error body. */
final class HttpErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpErrors() {
  }

  static void send(HttpServletResponse response, int status, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("jsonrpc", "2.0");
    body.putNull("id");
    ObjectNode error = body.putObject("error");
    error.put("code", -32000);
    error.put("message", message);
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }
}
