package io.itmcp.gateway.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * A response writer that hands the transport's text on line by line, each line (with its newline)
 * through {@link #rewrite}; a line still open at a flush goes through it too, marked incomplete. A
 * client that went away fails the flush with an {@link IOException}, as the writer it wraps would
 * tell the transport.
 */
abstract class LineRewritingWriter extends Writer {

  private final PrintWriter out;
  private final StringBuilder line = new StringBuilder();

  LineRewritingWriter(PrintWriter out) {
    this.out = out;
  }

  /**
   * What to write for {@code text}: one line ending in its newline when {@code complete}, else the
   * part written so far of a line that continues after the flush.
   */
  abstract String rewrite(String text, boolean complete);

  @Override
  public void write(char[] chars, int off, int len) {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (chars[i] == '\n') {
        line.append(chars, start, i + 1 - start);
        pass(true);
        start = i + 1;
      }
    }
    line.append(chars, start, off + len - start);
  }

  private void pass(boolean complete) {
    String text = line.toString();
    line.setLength(0);
    out.write(rewrite(text, complete));
  }

  @Override
  public void flush() throws IOException {
    if (line.length() > 0) {
      pass(false);
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
