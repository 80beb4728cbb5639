package io.itmcp.gateway.testing;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.FileReader;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.SandboxOwner;
import io.itmcp.gateway.runtime.SandboxRuntime;
import io.itmcp.gateway.runtime.local.ReaderBinary;
import io.itmcp.policy.EffectivePolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Test runtime: runs argvs as plain processes (no sandbox) and records every argv and every
 * open/close, so tests can assert that a refused call ran nothing.
 */
public final class ProcessSandboxRuntime implements SandboxRuntime {

  public final List<List<String>> executed = new CopyOnWriteArrayList<>();
  public final List<String> opened = new CopyOnWriteArrayList<>();
  public final List<String> closed = new CopyOnWriteArrayList<>();
  public final List<Process> killed = new CopyOnWriteArrayList<>();

  /** Whom each opened sandbox was for, in order. */
  public final List<SandboxOwner> owners = new CopyOnWriteArrayList<>();

  /**
   * {@code user/policy/client} for a caller's sandbox, the MCP session id for one of PerMcpSession.
   */
  public static String label(SandboxOwner owner) {
    return owner.perMcpSession()
        ? owner.mcpSessionId()
        : (owner.identity() == null ? "?" : owner.identity().user())
            + "/"
            + owner.policyName()
            + "/"
            + owner.clientName();
  }

  @Override
  public Sandbox open(SandboxOwner owner, EffectivePolicy policy) {
    String sessionId = label(owner);
    owners.add(owner);
    opened.add(sessionId);
    return new Sandbox() {
      @Override
      public ExecResult exec(ExecRequest request, ProgressListener progress)
          throws InterruptedException {
        executed.add(request.argv());
        return run(request, progress);
      }

      @Override
      public void close() {
        closed.add(sessionId);
      }
    };
  }

  @Override
  public String name() {
    return "test-process";
  }

  /** The file tools' argv starts with the in-sandbox reader; here it is the one the jar carries. */
  private static List<String> withReaderPath(List<String> argv) {
    if (argv.isEmpty() || !FileReader.PROGRAM.equals(argv.get(0))) {
      return argv;
    }
    List<String> resolved = new java.util.ArrayList<>(argv);
    resolved.set(
        0,
        ReaderBinary.path()
            .orElseThrow(
                () -> new IllegalStateException("the build carries no itmcp-read for this machine"))
            .toString());
    return resolved;
  }

  private ExecResult run(ExecRequest request, ProgressListener progress)
      throws InterruptedException {
    long t0 = System.nanoTime();
    Process p;
    try {
      p = new ProcessBuilder(withReaderPath(request.argv())).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + request.argv().get(0), e);
    }
    Capture out = new Capture(p.getInputStream(), request.maxOutputBytes());
    Capture err = new Capture(p.getErrorStream(), request.maxOutputBytes());
    out.start();
    err.start();
    long deadline = t0 + request.deadline().toNanos();
    boolean timedOut = false;
    try {
      while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
        long now = System.nanoTime();
        progress.onProgress((now - t0) / 1_000_000, out.size() + err.size());
        if (now > deadline) {
          timedOut = true;
          p.destroyForcibly().waitFor();
          break;
        }
      }
    } catch (InterruptedException e) {
      killed.add(p);
      p.destroyForcibly();
      throw e;
    }
    out.join();
    err.join();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new ExecResult(
        timedOut ? -1 : p.exitValue(),
        out.text(),
        err.text(),
        out.truncated || err.truncated,
        timedOut,
        ms);
  }

  private static final class Capture extends Thread {
    private final InputStream in;
    private final long cap;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    volatile boolean truncated;

    Capture(InputStream in, long cap) {
      this.in = in;
      this.cap = cap;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] chunk = new byte[4096];
      try {
        int n;
        while ((n = in.read(chunk)) != -1) {
          synchronized (buf) {
            int keep = (int) Math.max(0, Math.min(n, cap - buf.size()));
            buf.write(chunk, 0, keep);
            if (keep < n) {
              truncated = true;
            }
          }
        }
      } catch (IOException ignored) {
        // process killed
      }
    }

    long size() {
      synchronized (buf) {
        return buf.size();
      }
    }

    String text() {
      synchronized (buf) {
        return buf.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
