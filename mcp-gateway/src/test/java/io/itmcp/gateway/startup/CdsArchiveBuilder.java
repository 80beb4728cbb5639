package io.itmcp.gateway.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Build step, not a test: writes the AppCDS archive {@code <jar>.jsa} beside the shaded jar. It
 * runs the jar once as an MCP client's stdio gateway (initialize, tools/list, a call the policy
 * refuses, then SIGTERM) with {@code -XX:DumpLoadedClassList}, then dumps the classes of that list
 * into a static archive ({@code -Xshare:dump}): the classes of the start, of the policy's check and
 * of a call's path up to the policy decision. A static archive rather than a dynamic one ({@code
 * -XX:ArchiveClassesAtExit}): Java 17 leaves classes older than class file version 50 out of a
 * dynamic archive, and picocli is compiled for Java 5, so its ~180 classes were parsed and checked
 * by the old verifier at every start. {@code ./itmcp} starts the jar with the archive; a JVM that
 * does not match it ignores it and starts as without one.
 *
 * <p>Run by the gateway-cds module's package phase: {@code java -cp target/test-classes
 * io.itmcp.gateway.startup.CdsArchiveBuilder JAR POLICY}.
 */
public final class CdsArchiveBuilder {
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
          + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cds-training\",\"version\":\"1\"}}}\n";
  private static final String LIST_TOOLS =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
          + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n";

  /** 192.0.2.1 (TEST-NET-1) is in no training policy's allowedHosts: refused before any process. */
  private static final String REFUSED_CALL =
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
          + "\"arguments\":{\"target\":\"192.0.2.1\",\"count\":1}}}\n";

  private CdsArchiveBuilder() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path jar = Path.of(args[0]).toAbsolutePath().normalize();
    Path policy = Path.of(args[1]).toAbsolutePath().normalize();
    Path archive = Path.of(jar + ".jsa");
    Files.deleteIfExists(archive);
    Path classList = Files.createTempFile("itmcp-cds-training", ".classlist");
    try {
      String trained = train(jar, policy, classList);
      if (trained != null) {
        // No archive is no failure of the build: the jar starts without one, only slower.
        System.err.println("itmcp: no AppCDS archive written for " + jar + " (" + trained + ")");
        return;
      }
      String dumped = dump(jar, classList, archive);
      if (dumped != null) {
        Files.deleteIfExists(archive);
        System.err.println("itmcp: no AppCDS archive written for " + jar + " (" + dumped + ")");
        return;
      }
    } finally {
      Files.deleteIfExists(classList);
    }
    System.err.println(
        "itmcp: AppCDS archive " + archive + " (" + (Files.size(archive) >> 20) + " MiB)");
  }

  /** The training run: the classes it loaded go to {@code classList}; null, or why it failed. */
  private static String train(Path jar, Path policy, Path classList)
      throws IOException, InterruptedException {
    Path audit = Files.createTempFile("itmcp-cds-training", ".jsonl");
    List<String> command =
        List.of(
            java(),
            "-XX:DumpLoadedClassList=" + classList,
            "-jar",
            jar.toString(),
            "serve",
            "--stdio",
            "--policy",
            policy.toString(),
            "--audit-log",
            audit.toString());
    Path errors = Files.createTempFile("itmcp-cds-training", ".err");
    Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    BufferedReader answers =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String listed = null;
    // Each request after the answer before it, as a client does; then SIGTERM, as a client closing
    // it.
    OutputStream in = process.getOutputStream();
    try {
      in.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
      in.flush();
      answers.readLine();
      in.write(LIST_TOOLS.getBytes(StandardCharsets.UTF_8));
      in.flush();
      listed = answers.readLine();
      in.write(REFUSED_CALL.getBytes(StandardCharsets.UTF_8));
      in.flush();
      answers.readLine();
    } catch (IOException gatewayGone) {
      // The gateway ended before the training requests were written; its stderr below says why.
    }
    process.destroy();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the training run of " + jar + " did not end on SIGTERM");
    }
    Files.deleteIfExists(audit);
    String gatewayErrors = Files.readString(errors, StandardCharsets.UTF_8);
    Files.deleteIfExists(errors);
    if (listed == null || !listed.contains("\"id\":2") || Files.size(classList) == 0) {
      return "training run: exit "
          + process.exitValue()
          + "\n"
          + gatewayErrors.substring(Math.max(0, gatewayErrors.length() - 4000));
    }
    return null;
  }

  /**
   * The static archive of the listed classes (with the JDK's own, which it replaces); null, or why
   * it failed. Classes the list names but no loader can find again (dynamic proxies, JFR events)
   * stay out, silently.
   */
  private static String dump(Path jar, Path classList, Path archive)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("itmcp-cds-dump", ".out");
    try {
      Process dump =
          new ProcessBuilder(
                  java(),
                  "-Xshare:dump",
                  "-XX:SharedClassListFile=" + classList,
                  "-XX:SharedArchiveFile=" + archive,
                  "-Xlog:cds=error",
                  "-Xlog:cds+heap=error",
                  "-Xlog:gc+verify=error",
                  "-cp",
                  jar.toString())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!dump.waitFor(300, TimeUnit.SECONDS)) {
        dump.destroyForcibly();
        return "the dump did not end in 300 s";
      }
      String said = Files.readString(output, StandardCharsets.UTF_8);
      if (dump.exitValue() != 0 || !Files.isRegularFile(archive)) {
        return "dump: exit "
            + dump.exitValue()
            + "\n"
            + said.substring(Math.max(0, said.length() - 4000));
      }
      return null;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
