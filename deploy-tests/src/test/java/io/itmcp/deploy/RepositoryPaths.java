package io.itmcp.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the deploy manifests, the generated CRDs and the sandbox image live, from any module. */
final class RepositoryPaths {
  private RepositoryPaths() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      if (Files.isDirectory(candidate.resolve("deploy"))
          && Files.isRegularFile(candidate.resolve("mvnw"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no repository root (with deploy/ and mvnw) above " + dir);
  }

  static Path deploy(String relative) {
    return root().resolve("deploy").resolve(relative);
  }

  static Path generatedCrds() {
    return root().resolve("crds");
  }

  static Path sandboxImage() {
    return root().resolve("sandbox-image");
  }
}
