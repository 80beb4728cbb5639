package io.itmcp.testkit.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The metric names {@code deploy/overlays/monitoring} queries (its alert rules and its dashboard),
 * so each binary's tests can check it exports every one of its series the overlay relies on.
 */
public final class MonitoringOverlay {

  private MonitoringOverlay() {}

  /** Every name matching {@code namePattern} in the alert rules and the dashboard, sorted. */
  public static Set<String> metricNames(String namePattern) throws IOException {
    // tests run in their module's directory, one below the repository root
    Path monitoring =
        Path.of("..", "deploy", "overlays", "monitoring").toAbsolutePath().normalize();
    String used =
        Files.readString(monitoring.resolve("prometheusrule.yaml"))
            + Files.readString(monitoring.resolve("itmcp-dashboard.json"));
    return Pattern.compile(namePattern)
        .matcher(used)
        .results()
        .map(MatchResult::group)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
