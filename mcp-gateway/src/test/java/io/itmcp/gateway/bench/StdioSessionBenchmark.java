package io.itmcp.gateway.bench;

import io.itmcp.gateway.testing.GatewayJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not a test: a stdio session as an MCP client lives it, for each JIT setting of the gateway,
 * interleaved round by round after one uncounted round: spawn, {@code initialize} answered, {@code
 * tools/list} answered (it waits for the start's policy checks, which run once {@code initialize}
 * is answered), then {@code cat_tool} calls on a 1 KiB file one after another, their medians by
 * stretch of the session (the first call, calls 2-10, 11-50, ...). The bench profile times calls
 * 61-360, where a lower C1 threshold has compiled the call path; this shows what a session pays
 * before that.
 *
 * <pre>
 * ./mvnw -B -q -pl gateway-cds -am package -DskipTests
 * java -Dbench.stdioCompileThresholds=5 -cp mcp-gateway/target/test-classes:... \
 *     io.itmcp.gateway.bench.StdioSessionBenchmark [rounds] [calls]
 * </pre>
 *
 * Each setting is {@code ./itmcp}'s options for stdio (its archive when the jar has one), and one
 * more per value of {@code -Dbench.stdioCompileThresholds} with that {@code
 * -XX:CompileThresholdScaling} instead of the launcher's.
 */
public final class StdioSessionBenchmark {
  private static final int[] STRETCH_ENDS = {1, 10, 50, 100, 200, 400, 800};

  private StdioSessionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 250;
    Path jar = GatewayJar.jar();
    Path work = Files.createTempDirectory("itmcp-session-bench");
    Path allowed = Files.createTempDirectory(Path.of("/var/tmp"), "itmcp-session-bench-");
    byte[] kib = new byte[1024];
    Arrays.fill(kib, (byte) 'a');
    Path file = Files.write(allowed.resolve("1k.txt"), kib);
    Path policy = GatewayJar.writePolicy(work, allowed, 100, 6_000);

    List<String> asLaunched = GatewayJar.stdio(policy, work.resolve("audit.jsonl"));
    Map<String, List<String>> settings = new LinkedHashMap<>();
    settings.put("as ./itmcp", asLaunched);
    for (String scaling : GatewayBenchmark.compileThresholds()) {
      settings.put(
          "CompileThresholdScaling=" + scaling,
          GatewayBenchmark.withCompileThresholdScaling(asLaunched, scaling));
    }
    Map<String, Session> sessions = new LinkedHashMap<>();
    settings.keySet().forEach(k -> sessions.put(k, new Session(calls)));
    // round -1 warms the page cache and the machine for every setting alike, and is not counted
    for (int round = -1; round < rounds; round++) {
      for (Map.Entry<String, List<String>> setting : settings.entrySet()) {
        sessions.get(setting.getKey()).run(setting.getValue(), file, round >= 0);
      }
    }

    System.out.printf(
        Locale.ROOT,
        "stdio session: spawn -> initialize -> tools/list -> %d cat_tool calls on a 1 KiB file,"
            + " %d rounds after one warm-up round, settings interleaved (%d CPUs; medians, ms)%n",
        calls,
        rounds,
        Runtime.getRuntime().availableProcessors());
    StringBuilder header = new StringBuilder(String.format("  %-32s %6s %6s", "", "init", "list"));
    List<int[]> stretches = stretches(calls);
    stretches.forEach(
        s ->
            header.append(
                String.format(
                    " %9s",
                    s[0] + 1 == s[1] ? "call " + s[1] : "calls " + (s[0] + 1) + "-" + s[1])));
    System.out.println(header);
    sessions.forEach(
        (name, session) -> {
          StringBuilder row =
              new StringBuilder(
                  String.format(
                      Locale.ROOT,
                      "  %-32s %6d %6d",
                      name,
                      median(session.initialize),
                      median(session.toolsList)));
          stretches.forEach(
              s -> row.append(String.format(Locale.ROOT, " %9.1f", session.median(s[0], s[1]))));
          System.out.println(row);
        });
    System.out.println(
        "  (init, list: from the spawn; each call from its request written to its answer read)");
  }

  /** [from, to) call indexes, 0-based: the first call, 2-10, 11-50, ... up to {@code calls}. */
  private static List<int[]> stretches(int calls) {
    List<int[]> out = new ArrayList<>();
    int from = 0;
    for (int end : STRETCH_ENDS) {
      if (from >= calls) {
        break;
      }
      out.add(new int[] {from, Math.min(end, calls)});
      from = end;
    }
    if (from < calls) {
      out.add(new int[] {from, calls});
    }
    return out;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** One setting's figures over its rounds. */
  private static final class Session {
    final List<Long> initialize = new ArrayList<>();
    final List<Long> toolsList = new ArrayList<>();
    final List<List<Double>> callMs = new ArrayList<>();

    Session(int calls) {
      for (int i = 0; i < calls; i++) {
        callMs.add(new ArrayList<>());
      }
    }

    double median(int from, int to) {
      List<Double> all = new ArrayList<>();
      for (int i = from; i < to; i++) {
        all.addAll(callMs.get(i));
      }
      Collections.sort(all);
      return all.get(all.size() / 2);
    }

    void run(List<String> command, Path file, boolean counted)
        throws IOException, InterruptedException {
      long t0 = System.nanoTime();
      try (StdioLineClient gateway = StdioLineClient.spawn(command)) {
        gateway.initialize();
        long initialized = (System.nanoTime() - t0) / 1_000_000;
        gateway.request("tools/list");
        long listed = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Object> arguments = Map.of("file_path", file.toString());
        double[] times = new double[callMs.size()];
        for (int i = 0; i < callMs.size(); i++) {
          long start = System.nanoTime();
          gateway.call("cat_tool", arguments);
          times[i] = (System.nanoTime() - start) / 1e6;
        }
        if (counted) {
          initialize.add(initialized);
          toolsList.add(listed);
          for (int i = 0; i < times.length; i++) {
            callMs.get(i).add(times[i]);
          }
        }
      }
    }
  }
}
