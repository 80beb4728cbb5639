package io.itmcp.gateway.runtime.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The output cap shared by stdout and stderr of one command. Bytes past the cap are read and
 * dropped (the command must never block on a full pipe) and mark the result truncated. A stream may
 * have a limit of its own below the cap ({@link #drain(InputStream, ByteArrayOutputStream, String,
 * long)}): what it drops past that limit is what the caller asked to drop, so it neither takes from
 * the shared budget nor marks the result truncated.
 */
final class OutputBudget {

  private final AtomicLong remaining;
  private final AtomicLong seen = new AtomicLong();
  private final AtomicBoolean truncated = new AtomicBoolean();

  OutputBudget(long maxBytes) {
    this.remaining = new AtomicLong(Math.max(0, maxBytes));
  }

  /** Reads the stream to its end into a buffer, keeping only what the budget allows. */
  Thread drain(InputStream in, ByteArrayOutputStream into, String name) {
    return drain(in, into, name, Long.MAX_VALUE);
  }

  /**
   * As {@link #drain(InputStream, ByteArrayOutputStream, String)}, this stream keeping at most
   * {@code streamLimit} bytes.
   */
  Thread drain(InputStream in, ByteArrayOutputStream into, String name, long streamLimit) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              long streamLeft = Math.max(0, streamLimit);
              try (in) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                  seen.addAndGet(n);
                  int wanted = (int) Math.min(n, streamLeft);
                  streamLeft -= wanted;
                  int keep = wanted == 0 ? 0 : take(wanted);
                  if (keep > 0) {
                    synchronized (into) {
                      into.write(buffer, 0, keep);
                    }
                  }
                }
              } catch (IOException e) {
                // The stream was closed because the command was killed: what was read is kept.
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private int take(int wanted) {
    while (true) {
      long left = remaining.get();
      int granted = (int) Math.min(left, wanted);
      if (remaining.compareAndSet(left, left - granted)) {
        if (granted < wanted) {
          truncated.set(true);
        }
        return granted;
      }
    }
  }

  long bytesSeen() {
    return seen.get();
  }

  boolean truncated() {
    return truncated.get();
  }

  static String text(ByteArrayOutputStream buffer) {
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }
}
