package io.itmcp.gateway.http;

import java.io.PrintWriter;
import java.util.UUID;

/**
 * Gives every SSE event its own id. The MCP SDK (2.x) writes {@code id: <session id>} for each
 * response and for each message on a session's GET stream, so a client resuming with {@code
 * Last-Event-ID} cannot tell them apart; those lines become {@code id: <stream>_<n>}, a random id
 * per stream and a count. Ids the SDK made unique itself pass as they are.
 */
final class SseEventIds extends LineRewritingWriter {

  private final String duplicateIdLine;
  private final String stream = UUID.randomUUID().toString();
  private long events;
  private boolean midLine;

  SseEventIds(PrintWriter out, String sessionId) {
    super(out);
    this.duplicateIdLine = "id: " + sessionId + "\n";
  }

  @Override
  String rewrite(String text, boolean complete) {
    String written =
        !midLine && text.equals(duplicateIdLine) ? "id: " + stream + "_" + (++events) + "\n" : text;
    midLine = !complete;
    return written;
  }
}
