package io.itmcp.e2e.docker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * The containers and networks one test class creates, removed in reverse order when it is closed,
 * also when the JVM ends without closing it (shutdown hook). Everything is labelled {@link
 * Docker#LABEL} with this run's id, so a later run removes what a killed one left.
 */
public final class DockerResources implements AutoCloseable {
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final Deque<Runnable> undo = new ArrayDeque<>();
  private final Thread hook = new Thread(this::removeAll, "itmcp-e2e-cleanup");
  private boolean closed;

  public DockerResources() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** A short id that makes names unique to this run. */
  public String runId() {
    return runId;
  }

  /** A user-defined bridge network of our own. */
  public synchronized DockerNetwork network(String name) {
    String fullName = "itmcp-e2e-" + name + "-" + runId;
    Docker.checked(
        "network",
        "create",
        "--driver",
        "bridge",
        "--label",
        Docker.LABEL + "=" + runId,
        "--label",
        Docker.PID_LABEL + "=" + ProcessHandle.current().pid(),
        fullName);
    undo.push(() -> Docker.docker("network", "rm", fullName));
    String subnet =
        Docker.checked("network", "inspect", "-f", "{{ (index .IPAM.Config 0).Subnet }}", fullName)
            .strip();
    String gateway =
        Docker.checked("network", "inspect", "-f", "{{ (index .IPAM.Config 0).Gateway }}", fullName)
            .strip();
    return new DockerNetwork(fullName, subnet, gateway);
  }

  /**
   * Starts a detached container: {@code docker run -d --name NAME --label ... OPTIONS IMAGE ARGS}.
   * The name is made unique to this run and returned.
   */
  public synchronized String run(
      String name, List<String> options, String image, List<String> args) {
    String fullName = "itmcp-e2e-" + name + "-" + runId;
    List<String> argv =
        new ArrayList<>(
            List.of(
                "run",
                "-d",
                "--name",
                fullName,
                "--label",
                Docker.LABEL + "=" + runId,
                "--label",
                Docker.PID_LABEL + "=" + ProcessHandle.current().pid()));
    argv.addAll(options);
    argv.add(image);
    argv.addAll(args);
    undo.push(() -> Docker.docker("rm", "-f", fullName));
    Docker.checked(argv, Duration.ofMinutes(2));
    return fullName;
  }

  /**
   * Registers more cleanup (iptables rules, temporary files), run before what was registered
   * earlier.
   */
  public synchronized void onClose(Runnable action) {
    undo.push(action);
  }

  private synchronized void removeAll() {
    while (!undo.isEmpty()) {
      try {
        undo.pop().run();
      } catch (RuntimeException e) {
        System.err.println("[itmcp-e2e] cleanup step failed (continuing): " + e.getMessage());
      }
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    removeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running or ran
    }
  }
}
