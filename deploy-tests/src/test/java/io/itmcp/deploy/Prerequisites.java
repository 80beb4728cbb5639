package io.itmcp.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when something it needs from the machine is missing: with {@code CI=true} that
 * is a failure (CI installs everything), elsewhere the test is skipped with the reason printed.
 */
final class Prerequisites {
  private Prerequisites() {}

  static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  static void require(boolean available, String reason) {
    if (available) {
      return;
    }
    if (onCi()) {
      fail(reason + " (CI=true, so this is a failure, not a skip)");
    }
    System.out.println("SKIPPED: " + reason);
    System.err.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
  }
}
