package io.itmcp.gateway.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One stdout shared by the legacy and the modern stdio servers: each writes through its own {@link
 * #writer()}, which holds bytes until a newline and then writes the whole line at once, so two
 * JSON-RPC messages never interleave.
 */
final class SharedLineOutput {

  private final OutputStream target;

  SharedLineOutput(OutputStream target) {
    this.target = target;
  }

  /** A writer whose every complete line is also shown to {@code written} (after it went out). */
  OutputStream writer(Consumer<String> written) {
    return new LineWriter(written, line -> false);
  }

  /**
   * As above; a line {@code withheld} accepts does not go out (it is still shown to {@code
   * written}).
   */
  OutputStream writer(Consumer<String> written, Predicate<String> withheld) {
    return new LineWriter(written, withheld);
  }

  private void writeLine(byte[] line, int length) throws IOException {
    synchronized (target) {
      target.write(line, 0, length);
      target.flush();
    }
  }

  private final class LineWriter extends OutputStream {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Consumer<String> written;
    private final Predicate<String> withheld;

    LineWriter(Consumer<String> written, Predicate<String> withheld) {
      this.written = written;
      this.withheld = withheld;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      pending.write(b);
      if (b == '\n') {
        emit();
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      int start = off;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          pending.write(b, start, i + 1 - start);
          emit();
          start = i + 1;
        }
      }
      pending.write(b, start, off + len - start);
    }

    private void emit() throws IOException {
      byte[] line = pending.toByteArray();
      pending.reset();
      String text = new String(line, StandardCharsets.UTF_8);
      if (!withheld.test(text)) {
        writeLine(line, line.length);
      }
      written.accept(text);
    }

    @Override
    public void flush() {
      // a line goes out whole when it ends; a partial line waits for its newline
    }
  }
}
