package io.itmcp.gateway.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * One JSON-RPC message a server writes to its client, read only as far as telling an answer from a
 * notification or a request to the client: its top-level field names and its id. A result or an
 * error (a tool's whole output) is skipped, not built into a tree: the transports look at every
 * line they send, answers up to the policy's output cap included.
 *
 * @param hasId whether the message has an {@code id} field (a parse error's answer has a null one)
 * @param idKey the id as a key ({@link RequestIds#key}); null when absent or null
 * @param hasMethod whether it has a {@code method}: a notification or a request to the client
 * @param hasResultOrError whether it has a {@code result} or an {@code error}
 */
public record JsonRpcOutgoing(
    boolean hasId, String idKey, boolean hasMethod, boolean hasResultOrError) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The message of one line; empty when the line is not a JSON object. */
  public static Optional<JsonRpcOutgoing> read(String line) {
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      boolean hasId = false;
      String idKey = null;
      boolean hasMethod = false;
      boolean hasResultOrError = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "id" -> {
            hasId = true;
            idKey = RequestIds.key(parser.readValueAsTree());
          }
          case "method" -> {
            hasMethod = true;
            parser.skipChildren();
          }
          case "result", "error" -> {
            hasResultOrError = true;
            parser.skipChildren();
          }
          default -> parser.skipChildren();
        }
      }
      return Optional.of(new JsonRpcOutgoing(hasId, idKey, hasMethod, hasResultOrError));
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }

  /** A response to a request of the client: an id to settle and no method. */
  public boolean settles() {
    return !hasMethod && idKey != null;
  }

  /** A JSON-RPC answer: an id, a result or an error, and no method. */
  public boolean isAnswer() {
    return hasId && !hasMethod && hasResultOrError;
  }
}
