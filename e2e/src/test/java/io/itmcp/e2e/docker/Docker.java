package io.itmcp.e2e.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The docker CLI, one argv per call (no shell). Every failure says which command and what it
 * printed.
 */
public final class Docker {
  /**
   * Every container and network the e2e suite creates carries this label, so leftovers can be
   * found.
   */
  public static final String LABEL = "io.itmcp.e2e";

  private static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);

  private Docker() {}

  public static CommandResult docker(List<String> args, Duration deadline) {
    List<String> argv = new ArrayList<>();
    argv.add("docker");
    argv.addAll(args);
    return HostCommand.run(argv, deadline);
  }

  public static CommandResult docker(String... args) {
    return docker(List.of(args), DEFAULT_DEADLINE);
  }

  /** Runs and returns stdout, or throws with the whole story. */
  public static String checked(List<String> args, Duration deadline) {
    CommandResult r = docker(args, deadline);
    if (!r.ok()) {
      throw new IllegalStateException("docker command failed: " + r.describe());
    }
    return r.stdout();
  }

  public static String checked(String... args) {
    return checked(List.of(args), DEFAULT_DEADLINE);
  }

  public static boolean imageExists(String image) {
    return docker("image", "inspect", image).ok();
  }

  public static String imageLabel(String image, String label) {
    CommandResult r =
        docker("image", "inspect", "-f", "{{ index .Config.Labels \"" + label + "\" }}", image);
    return r.ok() ? r.stdout().strip() : "";
  }

  /** The container's address on a network. */
  public static String ipOf(String container, String network) {
    String ip =
        checked(
                "inspect",
                "-f",
                "{{ (index .NetworkSettings.Networks \"" + network + "\").IPAddress }}",
                container)
            .strip();
    if (ip.isEmpty() || ip.equals("<no value>")) {
      throw new IllegalStateException(
          "container " + container + " has no address on network " + network);
    }
    return ip;
  }

  /**
   * The label naming the JVM that created an object, so that only dead runs' leftovers are removed.
   */
  public static final String PID_LABEL = "io.itmcp.e2e.pid";

  /**
   * Removes every container and network an earlier run left behind (a JVM that was killed cannot
   * clean up after itself). Only objects with our label whose creating JVM is gone are touched, so
   * two builds on one machine do not remove each other's containers.
   */
  public static void removeLeftovers() {
    List<String> containers =
        deadRuns(
            checked(
                "ps",
                "-a",
                "--filter",
                "label=" + LABEL,
                "--format",
                "{{.ID}} {{.Label \"" + PID_LABEL + "\"}}"));
    if (!containers.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("rm", "-f"));
      rm.addAll(containers);
      docker(rm, DEFAULT_DEADLINE);
    }
    for (String network :
        deadRuns(
            checked(
                "network",
                "ls",
                "--filter",
                "label=" + LABEL,
                "--format",
                "{{.ID}} {{.Label \"" + PID_LABEL + "\"}}"))) {
      docker("network", "rm", network);
    }
  }

  /** From lines "ID PID", the IDs whose PID is not a live process (or missing). */
  private static List<String> deadRuns(String listing) {
    List<String> dead = new ArrayList<>();
    for (String line : lines(listing)) {
      String[] parts = line.split(" ", 2);
      if (parts.length < 2 || !isAlive(parts[1].strip())) {
        dead.add(parts[0]);
      }
    }
    return dead;
  }

  public static boolean isAlive(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
