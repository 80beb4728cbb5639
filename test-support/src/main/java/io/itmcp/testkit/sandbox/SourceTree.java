package io.itmcp.testkit.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This checkout's root, for tests that build or compile what lives outside their module (the
 * sandbox image, its helpers, the deploy manifests): {@code ITMCP_REPO_ROOT} when set, else the
 * nearest directory above the working directory that holds {@code sandbox-image/Dockerfile}.
 */
public final class SourceTree {

  private SourceTree() {}

  public static Path root() {
    String fromEnv = System.getenv("ITMCP_REPO_ROOT");
    Path start = fromEnv != null ? Path.of(fromEnv) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("sandbox-image/Dockerfile"))) {
        return p;
      }
    }
    throw new IllegalStateException("no sandbox-image/Dockerfile above " + start);
  }
}
