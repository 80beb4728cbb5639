package io.itmcp.e2e.docker;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's {@link Sandbox} over {@code docker exec}: what pod exec does in a cluster (the
 * argv, no shell, in the named container, as the container's user). Lets the real {@code
 * ToolCallRunner} (file tools through the image's reader) run against a real container.
 */
public final class DockerSandbox implements Sandbox {
  private final String sandboxContainer;
  private final String captureContainer;

  /**
   * @param captureContainer null when the pod has no capture container
   */
  public DockerSandbox(String sandboxContainer, String captureContainer) {
    this.sandboxContainer = sandboxContainer;
    this.captureContainer = captureContainer;
  }

  public String containerFor(ExecTarget target) {
    if (target == ExecTarget.CAPTURE) {
      if (captureContainer == null) {
        throw new IllegalStateException(
            "this pod has no capture container (the policy does not enable tcpdump)");
      }
      return captureContainer;
    }
    return sandboxContainer;
  }

  @Override
  public ExecResult exec(ExecRequest request, ProgressListener progress)
      throws InterruptedException {
    String container = containerFor(request.target());
    List<String> argv = new ArrayList<>(List.of("docker", "exec", container));
    argv.addAll(request.argv());
    long start = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(argv).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run docker exec", e);
    }
    HostCommand.Collector out =
        new HostCommand.Collector(process.getInputStream(), request.maxOutputBytes());
    HostCommand.Collector err =
        new HostCommand.Collector(process.getErrorStream(), request.maxOutputBytes());
    out.start();
    err.start();
    boolean finished;
    try {
      long until = start + request.deadline().toNanos();
      finished = false;
      while (!finished && System.nanoTime() < until) {
        finished =
            process.waitFor(
                Math.min(500, Math.max(1, (until - System.nanoTime()) / 1_000_000)),
                TimeUnit.MILLISECONDS);
        progress.onProgress((System.nanoTime() - start) / 1_000_000, out.size() + err.size());
      }
    } catch (InterruptedException e) {
      stop(process, container, request.argv().get(0));
      throw e;
    }
    if (!finished) {
      stop(process, container, request.argv().get(0));
    }
    out.join(10_000);
    err.join(10_000);
    long ms = (System.nanoTime() - start) / 1_000_000;
    return new ExecResult(
        finished ? process.exitValue() : -1,
        out.text(),
        err.text(),
        out.truncated() || err.truncated(),
        !finished,
        ms);
  }

  /** Killing the docker client does not kill the process in the container: kill it there too. */
  private static void stop(Process client, String container, String program) {
    HostCommand.run(
        List.of("docker", "exec", container, "pkill", "-KILL", "-x", program),
        Duration.ofSeconds(10));
    client.destroyForcibly();
  }

  @Override
  public void close() {
    // The containers belong to the test's DockerResources, which removes them.
  }
}
