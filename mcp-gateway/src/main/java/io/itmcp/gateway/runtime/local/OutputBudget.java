package io.itmcp.gateway.runtime.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The output cap shared by stdout and stderr of one command. Bytes past the cap are read and
 * dropped (the command must never block on a full pipe) and mark the result truncated. A stream may
 * have a limit of its own below the cap ({@link #drain(InputStream, ByteArrayOutputStream, long)}):
 * what it drops past that limit is what the caller asked to drop, so it neither takes from the
 * shared budget nor marks the result truncated.
 */
final class OutputBudget {

  private final AtomicLong remaining;
  private final AtomicLong seen = new AtomicLong();
  private final AtomicBoolean truncated = new AtomicBoolean();

  OutputBudget(long maxBytes) {
    this.remaining = new AtomicLong(Math.max(0, maxBytes));
  }

  /**
   * The threads that read commands' output: kept between commands, because starting two threads for
   * each command cost 250-280 µs per command on an idle 2-core machine (and over 1 ms under load),
   * against 25-40 µs to hand both reads to waiting threads. Daemon threads, created as needed:
   * every running command has its two readers at once.
   */
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          new ThreadFactory() {
            private final AtomicLong count = new AtomicLong();

            @Override
            public Thread newThread(Runnable task) {
              Thread t = new Thread(task, "itmcp-output-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });

  /** Reads the stream to its end into a buffer, keeping only what the budget allows. */
  Future<?> drain(InputStream in, ByteArrayOutputStream into) {
    return drain(in, into, Long.MAX_VALUE);
  }

  /**
   * As {@link #drain(InputStream, ByteArrayOutputStream)}, this stream keeping at most {@code
   * streamLimit} bytes.
   */
  Future<?> drain(InputStream in, ByteArrayOutputStream into, long streamLimit) {
    return READERS.submit(
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
        });
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
