package io.itmcp.e2e.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The docker CLI, one argv per call (no shell). Every failure says which command and what it printed. */
public final class Docker {
  /** Every container and network the e2e suite creates carries this label, so leftovers can be found. */
  public static final String LABEL = "io.itmcp.e2e";
  private static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);

  private Docker() {
  }

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
    CommandResult r = docker("image", "inspect", "-f", "{{ index .Config.Labels \"" + label + "\" }}", image);
    return r.ok() ? r.stdout().strip() : "";
  }

  /** The container's address on a network. */
  public static String ipOf(String container, String network) {
    String ip = checked("inspect", "-f", "{{ (index .NetworkSettings.Networks \"" + network + "\").IPAddress }}",
        container).strip();
    if (ip.isEmpty() || ip.equals("<no value>")) {
      throw new IllegalStateException("container " + container + " has no address on network " + network);
    }
    return ip;
  }

  /**
   * Removes every container and network an earlier run left behind (a JVM that was killed cannot clean
   * up after itself). Only objects with our label are touched.
   */
  public static void removeLeftovers() {
    List<String> containers = lines(checked("ps", "-aq", "--filter", "label=" + LABEL));
    if (!containers.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("rm", "-f"));
      rm.addAll(containers);
      docker(rm, DEFAULT_DEADLINE);
    }
    for (String network : lines(checked("network", "ls", "-q", "--filter", "label=" + LABEL))) {
      docker("network", "rm", network);
    }
  }

  static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
