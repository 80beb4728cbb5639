package io.itmcp.gateway.runtime.local;

import io.itmcp.gateway.runtime.FileReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;

/**
 * The in-sandbox file reader carried in the jar ({@code itmcp-read-ARCH}, a static binary the build
 * compiles from {@code sandbox-image/reader/itmcp-read.c}), copied once per process to a private
 * directory (mode 0700, the file 0500) from which each bubblewrap sandbox binds it read-only.
 */
public final class ReaderBinary {

  private static Optional<Path> extracted;

  private ReaderBinary() {}

  /** The reader for this machine's architecture, or empty when this build carries none. */
  /**
   * The reader copied out of the jar for this machine, or empty when the jar carries none for it.
   */
  public static synchronized Optional<Path> path() {
    if (extracted == null) {
      extracted = extract();
    }
    return extracted;
  }

  static String resourceName() {
    return FileReader.PROGRAM
        + "-"
        + System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
  }

  private static Optional<Path> extract() {
    try (InputStream in = ReaderBinary.class.getResourceAsStream(resourceName())) {
      if (in == null) {
        return Optional.empty();
      }
      Path dir =
          Files.createTempDirectory(
              "itmcp-reader-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path file = dir.resolve(FileReader.PROGRAM);
      Files.copy(in, file);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-x------"));
      dir.toFile().deleteOnExit();
      file.toFile().deleteOnExit();
      return Optional.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot copy the file reader " + resourceName() + " out of the jar", e);
    }
  }
}
