package io.itmcp.e2e.docker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes sure a Docker engine answers before a real-container test runs.
 *
 * <p>Rule: with {@code CI=true} the engine must be there (started here when we are root and it is
 * not running), and a missing engine fails the test; elsewhere it is skipped with the reason
 * printed. A daemon started here is left running: the machine (or {@code .ci/run}) owns its
 * lifecycle, and other suites may be using it.
 */
public final class DockerEngine {
  private static final Duration START_WAIT = Duration.ofSeconds(60);
  private static volatile String unavailableReason;
  private static volatile boolean checked;

  private DockerEngine() {}

  /**
   * Empty when an engine answers (started here if need be); otherwise why not. Checked once per
   * JVM.
   */
  public static synchronized Optional<String> unavailable() {
    if (!checked) {
      unavailableReason = ensureRunning().orElse(null);
      checked = true;
    }
    return Optional.ofNullable(unavailableReason)
        .map(r -> "Real-container tests need a Docker engine: " + r);
  }

  /** Aborts (outside CI) or fails (in CI) the calling test when no engine can be had. */
  public static void require() {
    Optional<String> why = unavailable();
    if (why.isEmpty()) {
      return;
    }
    String message = why.get();
    System.err.println("[itmcp-e2e] " + message);
    if (isCi()) {
      fail(message + " (CI=true: these tests must run)");
    }
    Assumptions.abort(message + " (skipped; set CI=true to make this a failure)");
  }

  static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Empty when the engine answers; otherwise why not. */
  private static Optional<String> ensureRunning() {
    CommandResult info = info();
    if (info.ok()) {
      return Optional.empty();
    }
    if (info.exitCode() == 127) {
      return Optional.of("the docker CLI is not installed (apt-get install docker.io)");
    }
    if (!isRoot()) {
      return Optional.of(
          "'docker info' failed and we are not root, so dockerd cannot be started here: "
              + info.stderr().strip());
    }
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "itmcp-e2e-dockerd.log");
    System.err.println("[itmcp-e2e] docker info failed; starting dockerd (log " + log + ")");
    try {
      new ProcessBuilder(List.of("dockerd"))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      return Optional.of("dockerd cannot be started: " + e.getMessage());
    }
    try {
      await("dockerd answers")
          .atMost(START_WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> info().ok());
      return Optional.empty();
    } catch (ConditionTimeoutException e) {
      // reported below with dockerd's log
    }
    return Optional.of(
        "dockerd did not answer within "
            + START_WAIT.toSeconds()
            + " s; its log: "
            + log
            + "\n"
            + tail(log));
  }

  private static CommandResult info() {
    return HostCommand.run(
        List.of("docker", "info", "--format", "{{.ServerVersion}}"), Duration.ofSeconds(20));
  }

  private static boolean isRoot() {
    CommandResult id = HostCommand.run(List.of("id", "-u"), Duration.ofSeconds(5));
    return id.ok() && id.stdout().strip().equals("0");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
