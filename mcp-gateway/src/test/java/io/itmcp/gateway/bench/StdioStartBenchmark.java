package io.itmcp.gateway.bench;

import io.itmcp.gateway.testing.GatewayJar;
import io.itmcp.gateway.testing.RawHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: how long an MCP client waits for a stdio gateway, from spawning {@code java -jar
 * itmcp-gateway.jar serve --stdio} to the {@code initialize} answer, for each JVM setting, the
 * settings interleaved run by run (so a load change on the machine hits them alike).
 *
 * <pre>
 * ./mvnw -B -q -pl mcp-gateway -am package -DskipTests
 * java -cp mcp-gateway/target/test-classes io.itmcp.gateway.bench.StdioStartBenchmark [runs] [jar] [policy]
 * java -cp mcp-gateway/target/test-classes io.itmcp.gateway.bench.StdioStartBenchmark 5 before.jar,after.jar
 * </pre>
 *
 * An AppCDS archive named {@code <jar>.jsa} beside the jar (the build makes one) is measured as a
 * further setting when present; with it, {@code -Dbench.stdioCompileThresholds=5,0.3} adds {@code
 * ./itmcp}'s options at each of those values of {@code -XX:CompileThresholdScaling}.
 */
public final class StdioStartBenchmark {
  private static final String INITIALIZE = RawHttp.initializeBody(1) + "\n";

  /** The JVM options {@code ./itmcp serve --stdio} adds (besides its archive). */
  static final List<String> ITMCP_STDIO_OPTIONS = itmcpStdioOptions();

  private static List<String> itmcpStdioOptions() {
    List<String> options = new ArrayList<>(GatewayJar.STDIO_JIT);
    options.add(GatewayJar.SPAWN_WITHOUT_HELPER);
    return List.copyOf(options);
  }

  private StdioStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String jars = args.length > 1 ? args[1] : "mcp-gateway/target/itmcp-gateway.jar";
    Path policy = Path.of(args.length > 2 ? args[2] : "examples/local-policy.yaml");
    if (jars.contains(",")) {
      compareJars(runs, List.of(jars.split(",")).stream().map(Path::of).toList(), policy);
      return;
    }
    Path jar = Path.of(jars);
    Path archive = Path.of(jar + ".jsa");
    Path audit = Files.createTempFile("itmcp-start-bench", ".jsonl");
    Map<String, List<String>> settings = new LinkedHashMap<>();
    settings.put("default JVM", List.of());
    settings.put("-XX:TieredStopAtLevel=1", List.of("-XX:TieredStopAtLevel=1"));
    if (Files.isRegularFile(archive)) {
      settings.put("AppCDS archive", List.of("-XX:SharedArchiveFile=" + archive));
      settings.put(
          "AppCDS + TieredStopAtLevel=1",
          List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1"));
      List<String> asItmcp = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + archive));
      asItmcp.addAll(ITMCP_STDIO_OPTIONS);
      settings.put(
          "as ./itmcp via jspawnhelper",
          asItmcp.stream().filter(o -> !o.equals(GatewayJar.SPAWN_WITHOUT_HELPER)).toList());
      settings.put("as ./itmcp (+ VFORK)", asItmcp);
      for (String scaling : GatewayBenchmark.compileThresholds()) {
        settings.put(
            "as ./itmcp, CompileThresholdScaling=" + scaling,
            GatewayBenchmark.withCompileThresholdScaling(asItmcp, scaling));
      }
    }
    Map<String, List<Long>> times = new LinkedHashMap<>();
    settings.keySet().forEach(k -> times.put(k, new ArrayList<>()));
    for (int run = -1; run < runs; run++) {
      for (Map.Entry<String, List<String>> setting : settings.entrySet()) {
        long ms = timeToInitialize(jar, policy, audit, setting.getValue());
        if (run >= 0) {
          times.get(setting.getKey()).add(ms);
        }
      }
    }
    System.out.printf(
        "stdio gateway: process start -> initialize answered, %d runs each (interleaved, after one"
            + " warm-up round; %d CPUs)%n",
        runs, Runtime.getRuntime().availableProcessors());
    long baseline = percentile(times.get("default JVM"), 50);
    times.forEach(
        (name, t) ->
            System.out.printf(
                "  %-30s min %5d ms  median %5d ms  p99 %5d ms  (%.2f x default)%n",
                name,
                Collections.min(t),
                percentile(t, 50),
                percentile(t, 99),
                (double) percentile(t, 50) / baseline));
    Files.deleteIfExists(audit);
  }

  /**
   * Builds of the gateway side by side (a before and an after), each started as {@code ./itmcp
   * serve --stdio} starts it (its {@code <jar>.jsa} when present, {@link #ITMCP_STDIO_OPTIONS}),
   * interleaved run by run; wall time to the answer and the process's CPU time until then.
   */
  private static void compareJars(int runs, List<Path> jars, Path policy)
      throws IOException, InterruptedException {
    Path audit = Files.createTempFile("itmcp-start-bench", ".jsonl");
    Map<Path, List<Long>> wall = new LinkedHashMap<>();
    Map<Path, List<Long>> cpu = new LinkedHashMap<>();
    jars.forEach(
        j -> {
          wall.put(j, new ArrayList<>());
          cpu.put(j, new ArrayList<>());
        });
    for (int run = -1; run < runs; run++) {
      for (Path jar : jars) {
        List<String> options = new ArrayList<>(ITMCP_STDIO_OPTIONS);
        Path archive = Path.of(jar + ".jsa");
        if (Files.isRegularFile(archive)) {
          options.add("-XX:SharedArchiveFile=" + archive);
        }
        long[] cpuMs = new long[1];
        long ms = timeToInitialize(jar, policy, audit, options, cpuMs);
        if (run >= 0) {
          wall.get(jar).add(ms);
          cpu.get(jar).add(cpuMs[0]);
        }
      }
    }
    System.out.printf(
        "stdio gateway as ./itmcp starts it (AppCDS when <jar>.jsa exists, "
            + String.join(" ", ITMCP_STDIO_OPTIONS)
            + "): process start -> initialize"
            + " answered, %d runs each (interleaved, after one warm-up round; %d CPUs)%n",
        runs,
        Runtime.getRuntime().availableProcessors());
    for (Path jar : jars) {
      System.out.printf(
          "  %-50s wall median %5d ms (min %5d, p99 %5d); CPU until answered median %5d ms%s%n",
          jar,
          percentile(wall.get(jar), 50),
          Collections.min(wall.get(jar)),
          percentile(wall.get(jar), 99),
          percentile(cpu.get(jar), 50),
          Files.isRegularFile(Path.of(jar + ".jsa")) ? "" : " (no archive)");
    }
    Files.deleteIfExists(audit);
  }

  private static long timeToInitialize(Path jar, Path policy, Path audit, List<String> jvmOptions)
      throws IOException, InterruptedException {
    return timeToInitialize(jar, policy, audit, jvmOptions, new long[1]);
  }

  private static long timeToInitialize(
      Path jar, Path policy, Path audit, List<String> jvmOptions, long[] cpuMs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "serve",
            "--stdio",
            "--policy",
            policy.toString(),
            "--audit-log",
            audit.toString()));
    long t0 = System.nanoTime();
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      OutputStream in = process.getOutputStream();
      in.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
      in.flush();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      cpuMs[0] = process.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
      if (line == null || !line.contains("\"id\":1") || !line.contains("serverInfo")) {
        throw new IllegalStateException("no initialize answer from " + command + ": " + line);
      }
      return ms;
    } finally {
      // Only the start is measured; the gateway's orderly shutdown would only lengthen the run.
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
