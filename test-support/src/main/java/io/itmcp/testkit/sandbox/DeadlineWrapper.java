package io.itmcp.testkit.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sandbox image's deadline wrapper ({@code sandbox-image/deadline/itmcp-deadline.c}) compiled
 * for this machine, as the image's build compiles it, once per JVM: for tests that run a pod exec's
 * argv here instead of in a container.
 */
public final class DeadlineWrapper {

  /** The program name the gateway puts first in every pod exec's argv. */
  public static final String PROGRAM = "itmcp-deadline";

  private static Path binary;

  private DeadlineWrapper() {}

  /** The compiled wrapper (needs cc and a static libc: Debian's gcc and libc6-dev). */
  public static synchronized Path binary() {
    if (binary == null) {
      binary = compile(source());
    }
    return binary;
  }

  private static Path source() {
    return SourceTree.root().resolve("sandbox-image/deadline/itmcp-deadline.c");
  }

  private static Path compile(Path source) {
    try {
      Path dir = Files.createTempDirectory("itmcp-deadline");
      dir.toFile().deleteOnExit();
      Path out = dir.resolve(PROGRAM);
      Process cc =
          new ProcessBuilder(
                  "cc",
                  "-static",
                  "-O2",
                  "-Wall",
                  "-Wextra",
                  "-Werror",
                  "-o",
                  out.toString(),
                  source.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (cc.waitFor() != 0) {
        throw new IllegalStateException(
            "cc (Debian: gcc, libc6-dev) could not compile " + source + ": " + output);
      }
      out.toFile().deleteOnExit();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("compiling " + source, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling " + source, e);
    }
  }
}
