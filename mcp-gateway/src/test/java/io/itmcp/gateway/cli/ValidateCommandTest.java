package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code itmcp validate}: the repository's own policies pass; a broken multi-document file fails
 * the run line by line.
 */
class ValidateCommandTest {

  @Test
  void theShippedPoliciesAreValid() {
    CliRunner.Result result =
        CliRunner.run("validate", "../deploy/examples", "../examples/local-policy.yaml");
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr())
        .matches("validate: [3-9] ItmcpPolicy manifests in \\d+ files: valid\\n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void aBrokenDocumentFailsTheRunWithOneLinePerProblem(@TempDir Path dir) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("policies.yaml"),
            """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata: {name: fine}
        spec: {tools: [ping], allowedHosts: [127.0.0.1]}
        ---
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata: {name: ssh}
        spec:
          tools: [ssh]
          allowedHosts: [db.example.com]
          sandbox: {ttlSeconds: 30}
        """);
    CliRunner.Result result = CliRunner.run("validate", file.toString());
    assertThat(result.stdout().lines())
        .containsExactlyInAnyOrder(
            file
                + " (document 2) ItmcpPolicy ssh: spec.sandbox.ttlSeconds: 30 is outside 60..86400",
            file
                + " (document 2) ItmcpPolicy ssh: spec.tools: Invalid value: \"object\": the ssh tool needs"
                + " spec.ssh.secretRef (keys and known_hosts): add spec.ssh or remove ssh from spec.tools");
    assertThat(result.stderr())
        .isEqualTo("validate: 2 ItmcpPolicy manifests in 1 file: 2 problems\n");
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void withoutPathsItIsAUsageError() {
    CliRunner.Result result = CliRunner.run("validate");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("Missing required parameter");
  }
}
