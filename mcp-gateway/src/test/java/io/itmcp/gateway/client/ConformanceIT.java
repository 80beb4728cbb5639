package io.itmcp.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.itmcp.gateway.testing.GatewayJar;
import io.itmcp.gateway.testing.NpmModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @modelcontextprotocol/conformance} 0.1.16 server scenarios against the real jar over
 * Streamable HTTP, legacy era. The runner sends no bearer token, so it talks to the gateway through
 * src/test/conformance/auth-proxy.mjs, which adds one and changes nothing else. Needs Node 22,
 * which the package-lock installs locally (npm {@code node@22}); without npm or registry access the
 * test is skipped with the reason printed, except under CI=true.
 */
class ConformanceIT {

  private static final Path SOURCE = Path.of("src/test/conformance");
  private static final Path INSTALL = Path.of("target/conformance");
  private static final String TOKEN = "conformance-token-7d41";

  /** The scenarios that apply to this server; each must pass. */
  static final List<String> APPLY =
      List.of(
          "server-initialize",
          "ping",
          "logging-set-level",
          "tools-list",
          "server-sse-multiple-streams",
          "dns-rebinding-protection");

  /**
   * Why the others do not apply: they call tools, prompts and resources of the conformance suite's
   * own reference server (e.g. {@code test_simple_text}, {@code test_image_content}), which this
   * gateway does not have and must not grow.
   */
  static final Map<String, String> DO_NOT_APPLY =
      Map.ofEntries(
          Map.entry("completion-complete", "no prompts or resource templates to complete"),
          Map.entry("tools-call-simple-text", "calls the reference server's test tool"),
          Map.entry("tools-call-image", "image content; the gateway returns text only"),
          Map.entry("tools-call-audio", "audio content; the gateway returns text only"),
          Map.entry(
              "tools-call-embedded-resource", "embedded resources; the gateway has no resources"),
          Map.entry("tools-call-mixed-content", "image/resource content; text only here"),
          Map.entry(
              "tools-call-with-logging",
              "log notifications from a test tool; the gateway logs none to clients"),
          Map.entry("tools-call-error", "calls the reference server's failing test tool"),
          Map.entry(
              "tools-call-with-progress",
              "the reference server's progress tool (ours: GatewayJarHttpIT realPingSendsProgressOverHttp)"),
          Map.entry("tools-call-sampling", "sampling; the gateway never asks the client's model"),
          Map.entry("tools-call-elicitation", "elicitation; the gateway never asks the user"),
          Map.entry("elicitation-sep1034-defaults", "elicitation"),
          Map.entry("elicitation-sep1330-enums", "elicitation"),
          Map.entry("resources-list", "no resources"),
          Map.entry("resources-read-text", "no resources"),
          Map.entry("resources-read-binary", "no resources"),
          Map.entry("resources-templates-read", "no resources"),
          Map.entry("resources-subscribe", "no resources"),
          Map.entry("resources-unsubscribe", "no resources"),
          Map.entry("prompts-list", "no prompts"),
          Map.entry("prompts-get-simple", "no prompts"),
          Map.entry("prompts-get-with-args", "no prompts"),
          Map.entry("prompts-get-embedded-resource", "no prompts"),
          Map.entry("prompts-get-with-image", "no prompts"));

  @TempDir Path tmp;

  @Test
  void theServerScenariosThatApplyPass() throws Exception {
    Path node = install();
    Path allowed = Files.createTempDirectory(Path.of("/var/tmp"), "itmcp-conformance-");
    Path policy = GatewayJar.writePolicy(tmp, allowed, 50, 600);
    Path tokens = GatewayJar.writeTokens(tmp, "conformance", TOKEN);
    int proxyPort = GatewayJar.freePort();
    try (GatewayJar.HttpProcess gw =
        GatewayJar.startHttp(
            tmp,
            policy,
            tokens,
            tmp.resolve("audit.jsonl"),
            "--allowed-origins",
            "http://127.0.0.1:" + proxyPort)) {
      Process proxy =
          new ProcessBuilder(
                  node.toString(),
                  INSTALL.resolve("auth-proxy.mjs").toAbsolutePath().toString(),
                  Integer.toString(gw.port),
                  Integer.toString(proxyPort),
                  TOKEN)
              .redirectErrorStream(true)
              .start();
      try {
        assertThat(new String(proxy.getInputStream().readNBytes("listening".length())))
            .isEqualTo("listening");
        // One run of the runner's active suite (one Node start instead of one per scenario): the
        // scenarios that do not apply are its expected failures, and it exits non-zero when any
        // other scenario fails or one of those passes (then it applies and belongs in APPLY).
        Path baseline = tmp.resolve("expected-failures.yaml");
        Files.writeString(
            baseline,
            DO_NOT_APPLY.keySet().stream()
                .sorted()
                .map(s -> "  - " + s + "\n")
                .collect(Collectors.joining("", "server:\n", "")));
        Path log = tmp.resolve("conformance.log");
        int code =
            run(
                List.of(
                    INSTALL.resolve("node_modules/.bin/conformance").toAbsolutePath().toString(),
                    "server",
                    "--url",
                    "http://127.0.0.1:" + proxyPort + "/mcp",
                    "--expected-failures",
                    baseline.toString()),
                node.getParent(),
                log,
                300);
        String printed = Files.readString(log);
        assertThat(code).as(printed).isZero();
        for (String scenario : APPLY) {
          assertThat(printed)
              .as(scenario + ":\n" + printed)
              .containsPattern("(?m)^✓ " + scenario + ": [1-9]\\d* passed, 0 failed$");
        }
      } finally {
        proxy.destroy();
        proxy.waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      Files.deleteIfExists(allowed);
    }
  }

  /**
   * The committed lock's modules (the conformance runner and Node 22) through {@link NpmModules};
   * returns Node 22's binary.
   */
  private static Path install() throws IOException, InterruptedException {
    String problem = null;
    Files.createDirectories(INSTALL);
    for (String f : List.of("package.json", "package-lock.json", "auth-proxy.mjs")) {
      Files.copy(SOURCE.resolve(f), INSTALL.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    Path node = INSTALL.resolve("node_modules/node/bin/node").toAbsolutePath();
    problem = NpmModules.link("conformance", SOURCE, INSTALL, INSTALL.resolve("npm.log"), 600);
    if (problem == null && !Files.isExecutable(node)) {
      problem = "npm installed no Node 22 at " + node;
    }
    if (problem != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("conformance runner unavailable on CI: " + problem);
      }
      System.err.println("SKIPPED conformance scenarios: " + problem);
      assumeTrue(false, problem);
    }
    return node;
  }

  private static int run(List<String> argv, Path nodeBin, Path log, int seconds)
      throws IOException, InterruptedException {
    return run(argv, nodeBin, log, seconds, INSTALL);
  }

  /**
   * @param nodeBin put first on PATH (the runner's {@code #!/usr/bin/env node} must find Node 22)
   */
  private static int run(List<String> argv, Path nodeBin, Path log, int seconds, Path dir)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    if (nodeBin != null) {
      pb.environment().put("PATH", nodeBin + java.io.File.pathSeparator + System.getenv("PATH"));
    }
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
