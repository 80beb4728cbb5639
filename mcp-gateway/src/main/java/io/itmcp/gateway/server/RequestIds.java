package io.itmcp.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;

/** How a JSON-RPC id is written as a key: numbers and strings kept apart (1 is not "1"). */
public final class RequestIds {

  /** The {@code _meta} key the transports stamp a tools/call request's JSON-RPC id under. */
  public static final String META_KEY = "io.itmcp/requestId";

  /**
   * The {@code _meta} key the stdio transport stamps a legacy tools/call with the negotiated
   * version under.
   */
  public static final String PROTOCOL_VERSION_META_KEY = "io.itmcp/protocolVersion";

  private RequestIds() {}

  public static String key(JsonNode id) {
    if (id == null || id.isNull() || id.isMissingNode()) {
      return null;
    }
    return id.isTextual() ? "s:" + id.asText() : "n:" + id.asText();
  }
}
