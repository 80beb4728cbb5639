package io.itmcp.gateway.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Real-binary tests need the Debian packages .ci/run installs. Where one is missing the test is
 * skipped with the reason printed, except under CI=true, where a missing binary fails the build.
 */
public final class Binaries {

  private Binaries() {}

  public static Optional<Path> find(String name) {
    for (String dir :
        ("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:"
                + System.getenv().getOrDefault("PATH", ""))
            .split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Skips (or fails under CI) unless every binary is installed. */
  public static void require(String... names) {
    for (String name : names) {
      if (find(name).isEmpty()) {
        unavailable("the binary '" + name + "' is not installed");
      }
    }
  }

  /**
   * The local bubblewrap runtime; skips (or fails under CI) where bwrap is missing or cannot make a
   * sandbox here.
   */
  public static LocalSandboxRuntime bubblewrapRuntime() {
    require("bwrap");
    LocalSandboxRuntime.Availability a = LocalSandboxRuntime.probe();
    if (!a.available()) {
      unavailable("bubblewrap does not work here: " + a.detail());
    }
    return LocalSandboxRuntime.bubblewrap();
  }

  /** Skips (or fails under CI) with a printed reason. */
  public static void unavailable(String reason) {
    String message =
        "SKIPPED real-tool test: " + reason + " (install the packages listed in .ci/run)";
    System.out.println(message);
    System.err.println(message);
    if ("true".equals(System.getenv("CI"))) {
      fail(message + "; CI=true requires it");
    }
    Assumptions.abort(message);
  }

  public static boolean runningAsRoot() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("Uid:"))
          .anyMatch(l -> l.split("\\s+")[1].equals("0"));
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
