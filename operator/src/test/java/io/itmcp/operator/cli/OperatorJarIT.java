package io.itmcp.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded operator jar, as the image runs it: {@code validate} and {@code render} on the shipped
 * examples. Guards what the module's unit tests cannot see: a class the shade left out (re2j was,
 * and every remote-command pattern threw NoClassDefFoundError), the CRDs and cel-java in the jar.
 */
class OperatorJarIT {

  record Run(int exit, String out, String err) {}

  private static Run run(Path dir, String... args) throws IOException, InterruptedException {
    return run(dir, Map.of(), args);
  }

  private static Run run(Path dir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    // C1 alone: each run lives for a second or two, where C2 costs more CPU than it wins back
    // (validate
    // 1.4 CPU-s instead of 2.1); what is tested is the jar's content, which the JIT does not change
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                System.getProperty("itmcp.operator.jar")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("ITMCP_LOG_FORMAT");
    builder.environment().putAll(env);
    Process process =
        builder
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the jar finished").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void validatesTheShippedPolicies(@TempDir Path dir) throws Exception {
    Run run = run(dir, "validate", "../deploy/examples", "../examples");
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).matches("validate: \\d+ ItmcpPolicy manifests in \\d+ files: valid\\n");
    assertThat(run.exit()).isZero();
  }

  @Test
  void refusesAPolicyByTheCrdsCelRules(@TempDir Path dir) throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\n"
                + "metadata: {name: bad}\nspec:\n  tools: [ssh]\n  allowedHosts: [db.example.com]\n");
    Run run = run(dir, "validate", bad.toString());
    assertThat(run.out())
        .contains(
            "(document 1) ItmcpPolicy bad: spec.tools: Invalid value: \"object\": the ssh tool"
                + " needs spec.ssh.secretRef");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void rendersThePolicyWithRemoteCommandPatterns(@TempDir Path dir) throws Exception {
    Run run = run(dir, "render", "--policy", "../deploy/examples/policy-network-devices.yaml");
    assertThat(run.err()).doesNotContain("Exception");
    assertThat(run.out())
        .contains("# ssh allows: remoteCommandRules[0]", "kind: \"NetworkPolicy\"");
    assertThat(run.exit()).isZero();
  }

  /**
   * {@code run --log-format json} against an API server that is not there (a closed loopback port):
   * JOSDK's and fabric8's records come out as JSON lines too, until the refusal to start, a plain
   * line.
   */
  @Test
  void logsJsonLinesLibrariesIncludedWithTheOption(@TempDir Path dir) throws Exception {
    Path kubeconfig =
        Files.writeString(
            dir.resolve("kubeconfig"),
            """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
        users: [{name: u, user: {token: not-a-token}}]
        contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]
        current-context: c
        """);
    Run run =
        run(
            dir,
            // fabric8 would retry the refused connection with backoff for ~40 s before giving up
            Map.of(
                "KUBECONFIG", kubeconfig.toString(), "KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT", "0"),
            "--log-format",
            "json",
            "run",
            "--http-port",
            "0");

    assertThat(run.exit()).isEqualTo(1);
    List<String> lines = run.err().lines().toList();
    assertThat(lines)
        .last()
        .asString()
        .startsWith("itmcp-operator: cannot start against https://127.0.0.1:1/");
    List<JsonNode> logs = new ArrayList<>();
    for (String line : lines.subList(0, lines.size() - 1)) {
      logs.add(new ObjectMapper().readTree(line)); // throws on a line that is not one JSON object
    }
    assertThat(logs)
        .extracting(l -> l.get("loggerName").asText())
        .anyMatch(name -> name.startsWith("io.javaoperatorsdk."))
        .anyMatch(name -> name.startsWith("io.fabric8."));
    assertThat(logs).allSatisfy(l -> assertThat(l.has("formattedMessage")).isTrue());
  }

  @Test
  void refusesAnUnknownLogFormatBeforeAnything(@TempDir Path dir) throws Exception {
    Run run = run(dir, "--log-format", "xml", "validate", "../examples");
    assertThat(run.err())
        .isEqualTo("itmcp-operator: --log-format must be text or json, not 'xml'\n");
    assertThat(run.exit()).isEqualTo(2);
  }
}
