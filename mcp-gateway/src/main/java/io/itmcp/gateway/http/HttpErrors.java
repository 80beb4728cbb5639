package io.itmcp.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Error answers the gateway gives over HTTP: a JSON-RPC error body with a message written for the
 * client, never an exception, a class name or a library version. Refusals of who or how much (401,
 * 403, 408, 413, 429) close the connection: the gateway never reads on to drain a body it refused.
 */
final class HttpErrors {

  /** JSON-RPC's "server error" range, for refusals that are not about the message itself. */
  static final int SERVER_ERROR = -32000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> CLOSE_AFTER = Set.of(401, 403, 408, 413, 429);

  private HttpErrors() {}

  static void send(HttpServletResponse response, int status, String message) throws IOException {
    send(response, status, SERVER_ERROR, message);
  }

  static void send(HttpServletResponse response, int status, int code, String message)
      throws IOException {
    sendBody(response, status, json(code, message));
  }

  /** Sends a JSON body that already is a JSON-RPC error. */
  static void sendBody(HttpServletResponse response, int status, String jsonRpcError)
      throws IOException {
    byte[] bytes = jsonRpcError.getBytes(StandardCharsets.UTF_8);
    response.resetBuffer();
    response.setStatus(status);
    if (CLOSE_AFTER.contains(status)) {
      response.setHeader("Connection", "close");
    }
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    // neither a Content-Length nor a flush: the answer stays in the buffer, uncommitted, until the
    // request ends (Tomcat then sets the length), so UnreadBodyValve can still add
    // "Connection: close" when it has to close a connection whose body it could not read
    response.getOutputStream().write(bytes);
  }

  /** {@code {"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":...}}}. */
  static String json(String message) {
    return json(SERVER_ERROR, message);
  }

  static String json(int code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("jsonrpc", "2.0");
    body.putNull("id");
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
