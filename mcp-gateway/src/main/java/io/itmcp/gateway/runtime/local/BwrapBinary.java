package io.itmcp.gateway.runtime.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which bubblewrap the local runtime runs: the first executable file named {@code bwrap} in an
 * absolute directory of the search path, found once when the runtime is made. The probe checks that
 * file and every call runs it, so a {@code bwrap} that appears later earlier on the search path, or
 * one in a relative entry (the working directory's {@code bin}, an empty entry), is never run, and
 * no call pays the search again.
 */
final class BwrapBinary {

  static final String NAME = "bwrap";

  /** Where execvp and the JDK look when {@code PATH} is not set at all. */
  static final String DEFAULT_SEARCH_PATH = "/bin:/usr/bin";

  private BwrapBinary() {}

  /** The gateway's own {@code PATH}. */
  static Optional<Path> onPath() {
    return onPath(System.getenv("PATH"));
  }

  /**
   * {@code searchPath} as {@code PATH} spells it: directories separated by the path separator; null
   * (no {@code PATH} at all) searches {@link #DEFAULT_SEARCH_PATH}, as a spawn by name did.
   */
  static Optional<Path> onPath(String searchPath) {
    for (String entry : effective(searchPath).split(File.pathSeparator)) {
      Path dir;
      try {
        dir = Path.of(entry);
      } catch (InvalidPathException e) {
        continue;
      }
      if (!dir.isAbsolute()) {
        continue;
      }
      Path candidate = dir.resolve(NAME);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** What the probe reports when there is none: which search path was looked through. */
  static String notFound(String searchPath) {
    return "no executable "
        + NAME
        + " in any absolute directory of PATH ("
        + (searchPath == null ? "not set, so " + DEFAULT_SEARCH_PATH : searchPath)
        + ")";
  }

  private static String effective(String searchPath) {
    return searchPath == null ? DEFAULT_SEARCH_PATH : searchPath;
  }
}
