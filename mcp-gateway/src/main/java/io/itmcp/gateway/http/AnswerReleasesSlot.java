package io.itmcp.gateway.http;

import io.itmcp.gateway.server.JsonRpcOutgoing;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * A POST's response that ends its request's count ({@link TokenConcurrencyFilter}) just before the
 * JSON-RPC answer goes out. The MCP transport writes the answer as an SSE event (or a JSON body),
 * flushes it and only then completes the request; the client may send its next request as soon as
 * it reads the answer, before Tomcat is done with the previous one. Progress notifications and
 * requests to the client (elicitation) carry a {@code method} and keep the count.
 */
final class AnswerReleasesSlot extends HttpServletResponseWrapper {

  private final Runnable release;
  private PrintWriter writer;

  AnswerReleasesSlot(HttpServletResponse response, Runnable release) {
    super(response);
    this.release = release;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      writer = new PrintWriter(new Lines(super.getWriter(), release));
    }
    return writer;
  }

  /**
   * Whether one line of the response (an SSE {@code data:} line or a JSON body) is a JSON-RPC
   * answer: an id with a result or an error, and no method.
   */
  static boolean isAnswer(String line) {
    String text = line.strip();
    if (text.startsWith("data:")) {
      text = text.substring("data:".length()).strip();
    }
    return JsonRpcOutgoing.read(text).map(JsonRpcOutgoing::isAnswer).orElse(false);
  }

  /** Passes the transport's text on line by line, releasing before the first answer line. */
  private static final class Lines extends LineRewritingWriter {
    private final Runnable release;
    private boolean released;

    Lines(PrintWriter out, Runnable release) {
      super(out);
      this.release = release;
    }

    @Override
    String rewrite(String text, boolean complete) {
      // an incomplete text at a flush: a JSON body without a final newline
      if (!released && isAnswer(text)) {
        released = true;
        release.run();
      }
      return text;
    }
  }
}
