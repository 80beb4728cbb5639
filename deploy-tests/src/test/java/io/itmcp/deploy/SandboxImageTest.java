package io.itmcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Builds the sandbox image with sandbox-image/build.sh (a no-op when an image labelled with the
 * current Dockerfile's hash exists) and runs sandbox-image/check-image.sh against it: every tool
 * under the pod's settings, non-root, nothing setuid, no shell, ping without NET_RAW, tcpdump in
 * the capture container's settings. Needs a running Docker engine (skipped without one, failed on
 * CI).
 */
class SandboxImageTest {
  static final String IMAGE = "ghcr.io/itmcp/sandbox:" + Install.VERSION;

  @Test
  void theBuiltImageKeepsEveryPromise() throws Exception {
    Path scripts = RepositoryPaths.sandboxImage();
    Prerequisites.require(
        ProcessResult.onPath("docker"),
        "docker is not on PATH, so the sandbox image cannot be built and checked");
    ProcessResult info =
        ProcessResult.run(
            Duration.ofSeconds(30),
            scripts,
            List.of("docker", "info", "--format", "{{.ServerVersion}}"));
    Prerequisites.require(
        info.exitCode() == 0,
        "the Docker engine is not reachable (docker info: "
            + info.stderr().strip()
            + "); start dockerd to build and check the sandbox image");

    ProcessResult build =
        ProcessResult.run(
            Duration.ofMinutes(20),
            scripts,
            List.of(scripts.resolve("build.sh").toString(), IMAGE));
    System.out.println(build.stdout());
    assertThat(build.exitCode())
        .as("sandbox-image/build.sh %s:%n%s%n%s", IMAGE, build.stdout(), build.stderr())
        .isZero();

    ProcessResult check =
        ProcessResult.run(
            Duration.ofMinutes(5),
            scripts,
            List.of(scripts.resolve("check-image.sh").toString(), IMAGE));
    System.out.println(check.stdout());
    assertThat(check.exitCode())
        .as("sandbox-image/check-image.sh %s:%n%s%n%s", IMAGE, check.stdout(), check.stderr())
        .isZero();
    assertThat(check.stdout()).contains("0 failed").doesNotContain("FAIL");
  }
}
