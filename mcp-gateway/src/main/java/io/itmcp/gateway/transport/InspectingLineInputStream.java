package io.itmcp.gateway.transport;

import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.JsonRpcInspector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Stdin as the stdio transport reads it, one JSON-RPC line at a time, each seen by the {@link
 * JsonRpcInspector} first: tools/call ids are stamped for the handler and {@code
 * notifications/cancelled} interrupts the running call (calls to unknown tools were answered
 * before, by {@link EraLineRouter}). A line the SDK could not read is answered with a JSON-RPC
 * error here and never reaches it (the SDK's reader would stop for good). Signals end of input so
 * the process can exit when the client goes away.
 */
public final class InspectingLineInputStream extends InputStream {

  private final InputStream in;
  private final InFlightCalls inFlight;
  private final Consumer<String> answer;
  private final CountDownLatch eof = new CountDownLatch(1);
  private byte[] line = new byte[0];
  private int pos;
  private boolean ended;

  /**
   * @param answer writes one JSON-RPC line to the client (the error for a line the SDK cannot read)
   */
  public InspectingLineInputStream(
      InputStream in, InFlightCalls inFlight, Consumer<String> answer) {
    this.in = in;
    this.inFlight = inFlight;
    this.answer = answer;
  }

  public void awaitEndOfInput() throws InterruptedException {
    eof.await();
  }

  @Override
  public synchronized int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return line[pos++] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, line.length - pos);
    System.arraycopy(line, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public synchronized int available() {
    return line.length - pos;
  }

  private boolean fill() throws IOException {
    while (pos >= line.length) {
      if (ended) {
        return false;
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        buf.write(c);
      }
      if (c == -1) {
        ended = true;
        eof.countDown();
        if (buf.size() == 0) {
          return false;
        }
      }
      String text = buf.toString(StandardCharsets.UTF_8);
      if (text.isBlank()) {
        // the SDK would stop reading at an empty line; there is nothing in it to answer
        continue;
      }
      Optional<String> error = MalformedMessages.answerFor(text);
      if (error.isPresent()) {
        // answered here and kept from the SDK, which stops reading at the first line it cannot take
        answer.accept(error.get());
        continue;
      }
      line = (inspect(text) + "\n").getBytes(StandardCharsets.UTF_8);
      pos = 0;
    }
    return true;
  }

  private String inspect(String text) {
    JsonRpcInspector.Inspected msg = JsonRpcInspector.inspect(text);
    if (msg.cancelledRequestIdKey() != null) {
      inFlight.cancel(null, msg.cancelledRequestIdKey());
    }
    return msg.text();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
