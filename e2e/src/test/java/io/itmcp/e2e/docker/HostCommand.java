package io.itmcp.e2e.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host program with an argv (never a shell), collecting its output up to a cap and killing
 * it at a deadline.
 */
public final class HostCommand {
  private static final long DEFAULT_CAP = 8L * 1024 * 1024;

  private HostCommand() {}

  public static CommandResult run(List<String> argv, Duration deadline) {
    return run(argv, deadline, DEFAULT_CAP, null);
  }

  public static CommandResult run(
      List<String> argv, Duration deadline, long outputCap, Path workingDirectory) {
    ProcessBuilder pb = new ProcessBuilder(argv);
    if (workingDirectory != null) {
      pb.directory(workingDirectory.toFile());
    }
    long start = System.nanoTime();
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return new CommandResult(
          argv, 127, "", "cannot start " + argv.get(0) + ": " + e.getMessage(), false, 0);
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // stdin already closed; nothing to feed anyway
    }
    Collector out = new Collector(process.getInputStream(), outputCap);
    Collector err = new Collector(process.getErrorStream(), outputCap);
    out.start();
    err.start();
    boolean finished;
    try {
      finished = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      out.join(10_000);
      err.join(10_000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + argv, e);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    return new CommandResult(
        argv, finished ? process.exitValue() : -1, out.text(), err.text(), !finished, ms);
  }

  /** Reads one stream to its end, keeping at most the cap. */
  static final class Collector extends Thread {
    private final InputStream in;
    private final long cap;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private volatile boolean truncated;

    Collector(InputStream in, long cap) {
      this.in = in;
      this.cap = cap;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] chunk = new byte[8192];
      try {
        int n;
        while ((n = in.read(chunk)) >= 0) {
          synchronized (buffer) {
            long room = cap - buffer.size();
            if (room > 0) {
              buffer.write(chunk, 0, (int) Math.min(room, n));
            }
            if (n > room) {
              truncated = true;
            }
          }
        }
      } catch (IOException e) {
        if (!e.getMessage().contains("Stream closed")) {
          throw new UncheckedIOException(e);
        }
      }
    }

    boolean truncated() {
      return truncated;
    }

    String text() {
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }

    long size() {
      synchronized (buffer) {
        return buffer.size();
      }
    }
  }
}
