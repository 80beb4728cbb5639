package io.itmcp.gateway.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.UUID;

/**
 * Gives every SSE event its own id. The MCP SDK (2.x) writes {@code id: <session id>} for each
 * response and for each message on a session's GET stream, so a client resuming with {@code
 * Last-Event-ID} cannot tell them apart; those lines become {@code id: <stream>_<n>}, a random id
 * per stream and a count. Ids the SDK made unique itself pass as they are.
 */
final class SseEventIds extends Writer {

  private final PrintWriter out;
  private final String duplicateIdLine;
  private final String stream = UUID.randomUUID().toString();
  private final StringBuilder line = new StringBuilder();
  private long events;
  private boolean midLine;

  SseEventIds(PrintWriter out, String sessionId) {
    this.out = out;
    this.duplicateIdLine = "id: " + sessionId + "\n";
  }

  @Override
  public void write(char[] chars, int off, int len) {
    for (int i = off; i < off + len; i++) {
      line.append(chars[i]);
      if (chars[i] == '\n') {
        emitLine();
      }
    }
  }

  private void emitLine() {
    String text = line.toString();
    line.setLength(0);
    if (!midLine && text.equals(duplicateIdLine)) {
      text = "id: " + stream + "_" + (++events) + "\n";
    }
    midLine = false;
    out.write(text);
  }

  @Override
  public void flush() throws IOException {
    if (line.length() > 0) {
      out.write(line.toString());
      line.setLength(0);
      midLine = true;
    }
    out.flush();
    if (out.checkError()) {
      throw new IOException("the client closed the stream");
    }
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }
}
