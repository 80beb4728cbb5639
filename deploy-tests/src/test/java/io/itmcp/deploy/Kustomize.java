package io.itmcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Renders a kustomization with `kubectl kustomize`, the way `kubectl apply -k` would. */
final class Kustomize {
  private Kustomize() {}

  static Manifests render(Path kustomization) throws Exception {
    Prerequisites.require(
        ProcessResult.onPath("kubectl"),
        "kubectl is not on PATH, so the kustomizations under deploy/ cannot be rendered and checked"
            + " (install kubectl; CI images have it at /usr/bin/kubectl)");
    ProcessResult result =
        ProcessResult.run(
            Duration.ofSeconds(60),
            RepositoryPaths.root(),
            List.of("kubectl", "kustomize", kustomization.toString()));
    assertThat(result.exitCode())
        .as("kubectl kustomize %s failed:%n%s", kustomization, result.stderr())
        .isZero();
    return Manifests.parse(result.stdout());
  }
}
