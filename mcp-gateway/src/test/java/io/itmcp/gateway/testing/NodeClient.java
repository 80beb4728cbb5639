package io.itmcp.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official TypeScript SDK client (src/test/node/client.mjs), run from target/node-client. Its
 * packages come from the committed package-lock.json through {@link NpmModules} (one npm ci per
 * lock and machine) the first time a test needs them. Without node/npm (or registry access) the
 * tests are skipped with the reason printed, except under CI=true, where that is a failure.
 */
public final class NodeClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SOURCE = Path.of("src/test/node");
  private static final Path INSTALL = Path.of("target/node-client");
  private static Path installed;

  private NodeClient() {}

  /**
   * The directory with client.mjs and node_modules; skips (or fails on CI) when it cannot be had.
   */
  public static synchronized Path require() {
    Install install = installedOrWhyNot();
    if (install.directory() == null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("TypeScript SDK client unavailable on CI: " + install.problem());
      }
      System.err.println("SKIPPED TypeScript SDK client tests: " + install.problem());
      assumeTrue(false, "TypeScript SDK client unavailable: " + install.problem());
    }
    return install.directory();
  }

  /**
   * For a program, not a test: the directory with the client scripts and node_modules, installed as
   * {@link #require} installs it, or why it cannot be had.
   */
  public static synchronized Install installedOrWhyNot() {
    if (installed != null) {
      return new Install(installed, null);
    }
    String problem = install();
    if (problem == null) {
      installed = INSTALL;
    }
    return new Install(installed, problem);
  }

  /** The install directory, or (null directory) the reason there is none. */
  public record Install(Path directory, String problem) {}

  private static String install() {
    try {
      if (run(List.of("node", "--version"), Path.of("."), 30) != 0) {
        return "node is not installed";
      }
      Files.createDirectories(INSTALL);
      for (String f :
          List.of(
              "package.json",
              "package-lock.json",
              "client.mjs",
              "approval.mjs",
              "oauth.mjs",
              "session.mjs",
              "bench-client.mjs")) {
        Files.copy(SOURCE.resolve(f), INSTALL.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
      return NpmModules.link("ts-sdk-client", SOURCE, INSTALL, INSTALL.resolve("npm.log"), 300);
    } catch (IOException e) {
      return "node/npm could not be run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static int run(List<String> argv, Path dir, int seconds)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(argv)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  /** Runs client.mjs with the arguments and returns the JSON it printed. */
  public static JsonNode run(List<String> args) throws IOException, InterruptedException {
    return runScript("client.mjs", args);
  }

  /**
   * Runs one of the scripts of src/test/node with the arguments and returns the JSON it printed.
   */
  public static JsonNode runScript(String script, List<String> args)
      throws IOException, InterruptedException {
    Path dir = require();
    List<String> argv = new ArrayList<>(List.of("node", dir.resolve(script).toString()));
    argv.addAll(args);
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("TypeScript client did not finish in 120 s");
    }
    String text = new String(out, StandardCharsets.UTF_8).trim();
    String last = text.substring(text.lastIndexOf('\n') + 1);
    return JSON.readTree(last);
  }

  /**
   * What every client.mjs run must have seen: it ended ok, the gateway named itself, and it listed
   * exactly these tools, each with its input and output schema and marked read-only.
   */
  public static void assertListed(JsonNode out, String... tools) {
    assertThat(out.path("ok").asBoolean()).as(out.toString()).isTrue();
    assertThat(out.at("/server/name").asText()).isEqualTo("itmcp-gateway");
    assertThat(out.get("tools")).extracting(t -> t.get("name").asText()).containsExactly(tools);
    assertThat(out.get("tools"))
        .allMatch(
            t ->
                t.get("hasInputSchema").asBoolean()
                    && t.get("hasOutputSchema").asBoolean()
                    && t.get("readOnlyHint").asBoolean());
  }
}
