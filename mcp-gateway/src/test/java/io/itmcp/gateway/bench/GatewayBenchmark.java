package io.itmcp.gateway.bench;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.testing.GatewayJar;
import io.itmcp.gateway.testing.ModernClients;
import io.itmcp.gateway.testing.NodeClient;
import io.itmcp.gateway.tools.ToolCallRunner;
import io.itmcp.gateway.tools.ToolCatalog;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyLoader;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Round trip of a cat_tool call on a 1 KiB file: through the gateway over stdio (from the MCP SDK's
 * Java client, line by line with no MCP library, which leaves the gateway's own cost, and from the
 * TypeScript SDK's client when node and its packages can be had) and over HTTP, beside the same
 * sandboxed argv spawned directly by the local runtime (no MCP, no gateway), and calls per second
 * with 32 concurrent HTTP sessions. Not a test: prints figures.
 *
 * <p>Run: {@code ./mvnw -B -pl mcp-gateway -am -Pbench -DskipTests verify} (system properties
 * bench.calls, bench.warmup, bench.sessions, bench.seconds adjust it; {@code
 * -Dbench.baselineJar=OTHER.jar} times another build of the gateway, e.g. main's, beside this one
 * in the same run, call by call; {@code -Dbench.auditDir=/dev/shm} puts the gateways' audit logs on
 * a tmpfs, where fsync costs nothing, to show the gateway's cost without the disk's; {@code
 * -Dbench.stdioCompileThresholds=5,0.3} times this build over stdio again at each of those values
 * of {@code -XX:CompileThresholdScaling}, beside {@code ./itmcp}'s C1 at its usual thresholds).
 */
public final class GatewayBenchmark {

  private static final String TOKEN = "bench-token-7d3e";

  private GatewayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int callsN = Integer.getInteger("bench.calls", 200);
    int warmup = Integer.getInteger("bench.warmup", 30);
    int sessions = Integer.getInteger("bench.sessions", 32);
    int seconds = Integer.getInteger("bench.seconds", 10);

    Path work = Files.createTempDirectory("itmcp-bench");
    Path allowed = Files.createTempDirectory(Path.of("/var/tmp"), "itmcp-bench-");
    // where the gateways write their audit logs (fsync per record): a tmpfs such as /dev/shm shows
    // the gateway's cost without the disk's
    String auditParent = System.getProperty("bench.auditDir", "");
    Path auditDir =
        Files.createTempDirectory(
            auditParent.isBlank() ? work : Path.of(auditParent), "itmcp-bench-audit-");
    try {
      byte[] kib = new byte[1024];
      Arrays.fill(kib, (byte) 'a');
      for (int i = 63; i < kib.length; i += 64) {
        kib[i] = '\n';
      }
      Path file = Files.write(allowed.resolve("1k.txt"), kib);
      Path policyFile = GatewayJar.writePolicy(work, allowed, sessions + 4, 6_000);
      Path tokens = GatewayJar.writeTokens(work, "bench", TOKEN);
      Map<String, Object> args1 = Map.of("file_path", file.toString());
      CallToolRequest catCall = new CallToolRequest("cat_tool", args1);
      List<Path> jars = new ArrayList<>(List.of(GatewayJar.jar()));
      String baseline = System.getProperty("bench.baselineJar", "");
      if (!baseline.isBlank()) {
        jars.add(Path.of(baseline));
      }

      System.out.printf(
          Locale.ROOT,
          "ITMCP gateway benchmark: cat_tool on a 1 KiB file, %d calls after %d warm-up, each"
              + " kind in turn call by call (%d cores, %s, load average %s; processes launched"
              + " by %s here and in the gateways)%n",
          callsN,
          warmup,
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          loadAverage(),
          System.getProperty("jdk.lang.Process.launchMechanism", "the JDK's default"));
      for (int i = 0; i < jars.size(); i++) {
        System.out.printf(Locale.ROOT, "gateway%s: %s%n", label(jars, i), jars.get(i));
      }

      // the same sandboxed argv spawned directly by the local runtime (no MCP, no gateway), the
      // baseline of every ratio; measured call by call beside each gateway so that the machine's
      // load, which drifts over a run, weighs on both alike
      EffectivePolicy policy =
          EffectivePolicy.compile("bench", PolicyLoader.fromYaml(policyFile).getSpec());
      ToolDefinition cat =
          ToolCatalog.all().stream()
              .filter(t -> t.name() == ToolName.CAT)
              .findFirst()
              .orElseThrow();
      ToolPlan plan = cat.plan(args1, policy);
      LocalSandboxRuntime runtime = LocalSandboxRuntime.create(false);
      try (Sandbox sandbox =
          runtime.open("bench-direct", new Identity("bench", List.of()), policy)) {
        ExecRequest req =
            new ExecRequest(plan.argv(), plan.target(), Duration.ofSeconds(20), 65536);
        Call direct =
            () -> {
              ExecResult r = sandbox.exec(req, ProgressListener.NONE);
              if (r.exitCode() != 0) {
                throw new IllegalStateException("direct exec failed: " + r.stderr());
              }
            };
        // what the gateway's runner does for cat_tool: one spawn of the in-sandbox reader running
        // cat
        Call viaRunner =
            () -> {
              ToolCallRunner.Outcome o =
                  ToolCallRunner.run(sandbox, plan, policy, ProgressListener.NONE);
              if (o.result().exitCode() != 0) {
                throw new IllegalStateException("direct run failed: " + o.result().stderr());
              }
            };

        // 1. over stdio: this build and, given bench.baselineJar, another one (e.g. main's); given
        // bench.stdioCompileThresholds, this build again at each of those C1 thresholds
        List<StdioGateway> stdioKinds = new ArrayList<>();
        for (int i = 0; i < jars.size(); i++) {
          stdioKinds.add(new StdioGateway(label(jars, i), jars.get(i), null));
        }
        for (String scaling : compileThresholds()) {
          stdioKinds.add(
              new StdioGateway(
                  " (this build, CompileThresholdScaling=" + scaling + ")", jars.get(0), scaling));
        }
        List<McpSyncClient> stdio = new ArrayList<>();
        List<StdioLineClient> lineClients = new ArrayList<>();
        List<StdioTypeScriptClient> tsClients = new ArrayList<>();
        try {
          List<TimedStdio> timed = new ArrayList<>();
          for (StdioGateway kind : stdioKinds) {
            java.util.Set<ProcessHandle> before = children();
            McpSyncClient client =
                stdioClient(kind, policyFile, auditDir.resolve("audit-stdio-" + stdio.size()));
            stdio.add(client);
            timed.add(
                new TimedStdio(
                    kind.label(), () -> check(client.callTool(catCall)), newChild(before)));
          }
          // the same gateways driven line by line, with no MCP library: the gateway's own cost
          // without the SDK client's threads and checks in the benchmark's JVM
          for (int i = 0; i < jars.size(); i++) {
            StdioLineClient lines =
                StdioLineClient.spawn(
                    stdioCommand(jars.get(i), policyFile, auditDir, "lines-" + i));
            lineClients.add(lines);
            lines.initialize();
            timed.add(
                new TimedStdio(
                    ", line by line, no MCP library" + label(jars, i),
                    () -> lines.call("cat_tool", args1),
                    lines.handle()));
          }
          // and from the TypeScript SDK's client, which most MCP hosts are built on, when node and
          // the SDK's packages can be had here
          NodeClient.Install node = NodeClient.installedOrWhyNot();
          if (node.directory() == null) {
            System.out.println("(no TypeScript SDK client row: " + node.problem() + ")");
          } else {
            for (int i = 0; i < jars.size(); i++) {
              StdioTypeScriptClient ts =
                  StdioTypeScriptClient.spawn(
                      node.directory().toAbsolutePath(),
                      file,
                      stdioCommand(jars.get(i), policyFile, auditDir, "ts-" + i));
              tsClients.add(ts);
              timed.add(
                  new TimedStdio(
                      ", from the TypeScript SDK's client" + label(jars, i),
                      ts::call,
                      ts.gateway()));
            }
          }
          long[] cpuBefore = new long[timed.size()];
          List<Call> calls = new ArrayList<>(List.of(direct, viaRunner));
          timed.forEach(g -> calls.add(g.call()));
          long[][] t =
              measureInterleaved(
                  calls,
                  callsN,
                  warmup,
                  () -> {
                    for (int i = 0; i < cpuBefore.length; i++) {
                      cpuBefore[i] = cpuNanos(timed.get(i).process());
                    }
                  });
          report("direct bwrap spawn of the reader + cat (runtime only)", t[0], null);
          report("the same through ToolCallRunner (1 spawn)", t[1], t[0]);
          for (int i = 0; i < timed.size(); i++) {
            report("gateway over stdio" + timed.get(i).label(), t[2 + i], t[0]);
          }
          // the gateway process's own CPU time (all its threads, its JIT and GC included; not the
          // sandboxes it spawned), which the machine's load does not stretch as it does wall time
          for (int i = 0; i < timed.size(); i++) {
            double ms = (cpuNanos(timed.get(i).process()) - cpuBefore[i]) / 1e6 / callsN;
            System.out.printf(
                Locale.ROOT,
                "%-54s %7.2f ms per call (the %d measured calls)%n",
                "  its process's CPU time" + timed.get(i).label(),
                ms,
                callsN);
          }
        } finally {
          stdio.forEach(McpSyncClient::closeGracefully);
          for (StdioLineClient c : lineClients) {
            c.close();
          }
          for (StdioTypeScriptClient c : tsClients) {
            c.close();
          }
        }

        // alone, one after another, and as in a call: after a sandbox ran, when the disk and the
        // CPUs have been idle for a while (which a virtual machine's disk answers more slowly)
        long[] forced = forcedAuditLines(auditDir.resolve("fsync-probe.jsonl"), callsN, () -> {});
        long[] forcedAfterSpawn =
            forcedAuditLines(auditDir.resolve("fsync-probe-spawn.jsonl"), callsN, direct);
        System.out.printf(
            Locale.ROOT,
            "%-54s median %7.2f ms   p99 %7.2f ms  (a call that runs writes two: intent, completion)%n",
            "one audit line written and forced to disk (fsync)",
            pct(forced, 50),
            pct(forced, 99));
        System.out.printf(
            Locale.ROOT,
            "%-54s median %7.2f ms   p99 %7.2f ms%n",
            "  the same, each right after a direct sandbox spawn",
            pct(forcedAfterSpawn, 50),
            pct(forcedAfterSpawn, 99));

        // 2. over Streamable HTTP, one session each, then 32 concurrent sessions on this build
        List<GatewayJar.HttpProcess> gateways = new ArrayList<>();
        List<McpSyncClient> http = new ArrayList<>();
        try {
          for (Path jar : jars) {
            GatewayJar.HttpProcess gw =
                withJar(
                    jar,
                    () ->
                        GatewayJar.startHttp(
                            work,
                            policyFile,
                            tokens,
                            auditDir.resolve("audit-http-" + gateways.size() + ".jsonl"),
                            // one user's sessions: beyond the default bound of 16 the least
                            // recently used are forgotten (404) and their clients re-initialize
                            "--max-mcp-sessions-per-user",
                            String.valueOf(sessions + 4)));
            gateways.add(gw);
            McpSyncClient client = httpClient(gw.port);
            client.initialize();
            http.add(client);
          }
          List<Call> calls = new ArrayList<>(List.of(direct));
          http.forEach(c -> calls.add(() -> check(c.callTool(catCall))));
          // the same call from a client of MCP 2026-07-28: no session, each request stands alone
          for (GatewayJar.HttpProcess gw : gateways) {
            io.modelcontextprotocol.modern.client.McpSyncClient modern =
                ModernClients.http("http://127.0.0.1:" + gw.port + "/mcp", TOKEN);
            calls.add(() -> checkModern(modern.tool("cat_tool").arguments(args1).call()));
          }
          long[][] t = measureInterleaved(calls, callsN, warmup);
          report("direct bwrap spawn (again, beside HTTP)", t[0], null);
          for (int i = 0; i < jars.size(); i++) {
            report("gateway over HTTP" + label(jars, i), t[1 + i], t[0]);
          }
          for (int i = 0; i < jars.size(); i++) {
            report(
                "gateway over HTTP, a 2026-07-28 client" + label(jars, i),
                t[1 + jars.size() + i],
                t[0]);
          }
          http.forEach(McpSyncClient::closeGracefully);
          http.clear();
          for (int i = 0; i < jars.size(); i++) {
            concurrent(gateways.get(i).port, sessions, seconds, args1, label(jars, i));
          }
        } finally {
          http.forEach(McpSyncClient::closeGracefully);
          for (GatewayJar.HttpProcess gw : gateways) {
            gw.close();
          }
        }
      }
    } finally {
      deleteTree(auditDir);
      deleteTree(allowed);
      deleteTree(work);
    }
  }

  private static java.util.Set<ProcessHandle> children() {
    return ProcessHandle.current().children().collect(java.util.stream.Collectors.toSet());
  }

  /**
   * The gateway process started since {@code before} was taken (the one JVM among the new ones).
   */
  private static ProcessHandle newChild(java.util.Set<ProcessHandle> before) {
    return ProcessHandle.current()
        .children()
        .filter(p -> !before.contains(p))
        .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the stdio gateway's process was not found"));
  }

  private static long cpuNanos(ProcessHandle p) {
    return p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  private static McpSyncClient httpClient(int port) {
    return McpClient.sync(
            HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN))
                .build())
        .requestTimeout(Duration.ofSeconds(60))
        .build();
  }

  /**
   * What the gateway's audit log does per record: append one line of a record's size, fsync; each
   * after {@code before} ran (not timed).
   */
  private static long[] forcedAuditLines(Path file, int n, Call before) throws Exception {
    byte[] line = new byte[680];
    Arrays.fill(line, (byte) 'x');
    line[line.length - 1] = '\n';
    long[] ns = new long[n];
    try (java.io.FileOutputStream out = new java.io.FileOutputStream(file.toFile(), true)) {
      for (int i = 0; i < n; i++) {
        before.run();
        long t0 = System.nanoTime();
        out.write(line);
        out.getFD().sync();
        ns[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(ns);
    return ns;
  }

  /**
   * A stdio gateway to time: a jar started as {@code ./itmcp} starts it, with {@code
   * compileThresholdScaling} (when not null) in place of the launcher's C1 threshold.
   */
  private record StdioGateway(String label, Path jar, String compileThresholdScaling) {}

  /** A stdio gateway being timed: its row's label, one call, and its process (for its CPU). */
  private record TimedStdio(String label, Call call, ProcessHandle process) {}

  /**
   * {@code jar} as {@code ./itmcp serve --stdio} starts it, its audit log named by {@code name}.
   */
  private static List<String> stdioCommand(Path jar, Path policyFile, Path auditDir, String name)
      throws Exception {
    return withJar(
        jar,
        () -> GatewayJar.stdio(policyFile, auditDir.resolve("audit-stdio-" + name + ".jsonl")));
  }

  private static McpSyncClient stdioClient(StdioGateway kind, Path policyFile, Path auditLog)
      throws Exception {
    List<String> asLaunched =
        withJar(kind.jar(), () -> GatewayJar.stdio(policyFile, Path.of(auditLog + ".jsonl")));
    List<String> cmd =
        kind.compileThresholdScaling() == null
            ? asLaunched
            : withCompileThresholdScaling(asLaunched, kind.compileThresholdScaling());
    ServerParameters params =
        ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
    McpSyncClient client =
        McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60))
            .build();
    client.initialize();
    return client;
  }

  /** The values of {@code -Dbench.stdioCompileThresholds} (comma-separated; none unless set). */
  static List<String> compileThresholds() {
    return Arrays.stream(System.getProperty("bench.stdioCompileThresholds", "").split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /**
   * The command (java and its options first) with {@code -XX:CompileThresholdScaling=scaling} in
   * place of the one it has, if any.
   */
  static List<String> withCompileThresholdScaling(List<String> command, String scaling) {
    String option = "-XX:CompileThresholdScaling=";
    List<String> out = new ArrayList<>(command);
    out.removeIf(o -> o.startsWith(option));
    out.add(1, option + scaling);
    return out;
  }

  private interface Start<T> {
    T start() throws Exception;
  }

  /** GatewayJar starts the jar named by itmcp.gateway.jar: this one, while {@code start} runs. */
  private static <T> T withJar(Path jar, Start<T> start) throws Exception {
    String before = System.getProperty("itmcp.gateway.jar");
    System.setProperty("itmcp.gateway.jar", jar.toString());
    try {
      return start.start();
    } finally {
      if (before == null) {
        System.clearProperty("itmcp.gateway.jar");
      } else {
        System.setProperty("itmcp.gateway.jar", before);
      }
    }
  }

  private static String label(List<Path> jars, int i) {
    return jars.size() == 1 ? "" : i == 0 ? " (this build)" : " (baseline jar)";
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static void concurrent(
      int port, int sessions, int seconds, Map<String, Object> args, String label)
      throws Exception {
    List<McpSyncClient> clients = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      McpSyncClient c = httpClient(port);
      c.initialize();
      clients.add(c);
    }
    LongAdder done = new LongAdder();
    AtomicLong failures = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> threads = new ArrayList<>();
    for (McpSyncClient c : clients) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  long end = window[1];
                  while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    CallToolResult r = c.callTool(new CallToolRequest("cat_tool", args));
                    latencies.add(System.nanoTime() - t0);
                    if (Boolean.TRUE.equals(r.isError())) {
                      failures.incrementAndGet();
                      firstError.compareAndSet(null, String.valueOf(r.content()));
                    }
                    done.increment();
                  }
                } catch (Exception e) {
                  failures.incrementAndGet();
                  firstError.compareAndSet(null, e.toString());
                }
              });
      threads.add(t);
      t.start();
    }
    window[0] = System.nanoTime();
    window[1] = window[0] + Duration.ofSeconds(seconds).toNanos();
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - window[0]) / 1e9;
    long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "%-54s %8.1f calls/s  (%d calls in %.1f s, %d errors; latency median %.2f ms,"
            + " p99 %.2f ms)%n",
        sessions + " concurrent HTTP sessions" + label,
        done.sum() / elapsed,
        done.sum(),
        elapsed,
        failures.get(),
        pct(lat, 50),
        pct(lat, 99));
    if (firstError.get() != null) {
      System.out.println("  first error: " + firstError.get());
    }
    clients.forEach(McpSyncClient::closeGracefully);
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void checkModern(io.modelcontextprotocol.modern.McpSchema.CallToolResult r) {
    if (Boolean.TRUE.equals(r.isError())) {
      throw new IllegalStateException("call failed: " + r.content());
    }
  }

  private static void check(CallToolResult r) {
    if (Boolean.TRUE.equals(r.isError())) {
      throw new IllegalStateException("call failed: " + r.content());
    }
  }

  /**
   * Each call {@code calls} times, in turn (the order rotates each round, so none always follows
   * another), after {@code warmup} rounds; sorted times per call.
   */
  private static long[][] measureInterleaved(List<Call> kinds, int calls, int warmup)
      throws Exception {
    return measureInterleaved(kinds, calls, warmup, () -> {});
  }

  /** As above, {@code warmedUp} run between the warm-up and the measured calls. */
  private static long[][] measureInterleaved(
      List<Call> kinds, int calls, int warmup, Runnable warmedUp) throws Exception {
    int k = kinds.size();
    for (int i = 0; i < warmup; i++) {
      for (Call c : kinds) {
        c.run();
      }
    }
    warmedUp.run();
    long[][] ns = new long[k][calls];
    for (int i = 0; i < calls; i++) {
      for (int j = 0; j < k; j++) {
        int which = (i + j) % k;
        long t0 = System.nanoTime();
        kinds.get(which).run();
        ns[which][i] = System.nanoTime() - t0;
      }
    }
    for (long[] one : ns) {
      Arrays.sort(one);
    }
    return ns;
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static void report(String what, long[] sorted, long[] baseline) {
    String ratio =
        baseline == null
            ? ""
            : String.format(
                Locale.ROOT, "  (%.2fx direct median)", pct(sorted, 50) / pct(baseline, 50));
    System.out.printf(
        Locale.ROOT,
        "%-54s median %7.2f ms   p99 %7.2f ms%s%n",
        what,
        pct(sorted, 50),
        pct(sorted, 99),
        ratio);
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
