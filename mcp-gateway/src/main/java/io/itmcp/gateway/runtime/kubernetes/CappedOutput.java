package io.itmcp.gateway.runtime.kubernetes;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects stdout and stderr of one exec under one shared byte budget; what goes past the budget is
 * counted and dropped, and {@link #truncated()} says so. stdout may have a limit of its own below
 * the budget: what it drops past that limit was not asked for, so it takes nothing from the budget
 * and does not mark the output truncated. Thread-safe.
 */
final class CappedOutput {

  private final long maxBytes;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private long kept;
  private long seen;
  private boolean truncated;
  private long stdoutLeft;

  CappedOutput(long maxBytes) {
    this(maxBytes, Long.MAX_VALUE);
  }

  CappedOutput(long maxBytes, long maxStdoutBytes) {
    this.maxBytes = Math.max(0, maxBytes);
    this.stdoutLeft = Math.max(0, maxStdoutBytes);
  }

  OutputStream stdout() {
    return new Sink(stdout);
  }

  OutputStream stderr() {
    return new Sink(stderr);
  }

  synchronized long bytesSeen() {
    return seen;
  }

  synchronized boolean truncated() {
    return truncated;
  }

  synchronized String stdoutText() {
    return new String(stdout.toByteArray(), StandardCharsets.UTF_8);
  }

  synchronized String stderrText() {
    return new String(stderr.toByteArray(), StandardCharsets.UTF_8);
  }

  private synchronized void accept(
      ByteArrayOutputStream target, byte[] bytes, int offset, int length) {
    seen += length;
    if (target == stdout) {
      length = (int) Math.min(length, stdoutLeft);
      stdoutLeft -= length;
    }
    long room = maxBytes - kept;
    int take = (int) Math.min(room, length);
    if (take > 0) {
      target.write(bytes, offset, take);
      kept += take;
    }
    if (take < length) {
      truncated = true;
    }
  }

  private final class Sink extends OutputStream {
    private final ByteArrayOutputStream target;

    Sink(ByteArrayOutputStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) {
      accept(target, new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      accept(target, bytes, offset, length);
    }
  }
}
