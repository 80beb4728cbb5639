package io.itmcp.gateway.runtime;

import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.EffectivePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Not a test: prints what the bubblewrap sandbox costs per call. It runs {@code cat} of a 1 KiB
 * file through the local runtime sandboxed, through the unsandboxed runtime, and as a bare
 * ProcessBuilder spawn, and prints median and p99 of each, measured in one run.
 *
 * <pre>
 * ./mvnw -B -q -pl mcp-gateway -am test-compile
 * java -cp crds/target/classes:mcp-gateway/target/classes:mcp-gateway/target/test-classes \
 *     io.itmcp.gateway.runtime.LocalRuntimeBenchmark [iterations]
 * </pre>
 */
public final class LocalRuntimeBenchmark {

  private LocalRuntimeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path file = Files.createTempFile(Path.of(System.getProperty("user.dir")), "bench", ".txt");
    try {
      Files.writeString(file, "x".repeat(1023) + "\n");
      // What cat_tool runs: the race-free reader, then cat on the open file, in one spawn.
      String dir = file.getParent().toString();
      EffectivePolicy policy = TestPolicies.builder().directories(dir).build();
      ExecRequest request =
          new ExecRequest(
              List.of(FileReader.PROGRAM, "--root", dir, "--path", file.toString(), "--", "cat"),
              ExecTarget.SANDBOX,
              Duration.ofSeconds(10),
              1 << 20);
      try (Sandbox sandboxed = LocalSandboxRuntime.bubblewrap().open("bench", null, policy);
          Sandbox bare = LocalSandboxRuntime.unsandboxed().open("bench", null, policy)) {
        for (Sandbox s : List.of(sandboxed, bare)) {
          ExecResult r = s.exec(request, ProgressListener.NONE);
          if (r.exitCode() != 0) {
            throw new IllegalStateException("the reader failed: " + r.stderr());
          }
        }
        for (int i = 0; i < 20; i++) {
          sandboxed.exec(request, ProgressListener.NONE);
          bare.exec(request, ProgressListener.NONE);
        }
        List<Long> bwrap = new ArrayList<>();
        List<Long> runtimeBare = new ArrayList<>();
        List<Long> spawn = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          bwrap.add(time(() -> sandboxed.exec(request, ProgressListener.NONE)));
          runtimeBare.add(time(() -> bare.exec(request, ProgressListener.NONE)));
          spawn.add(
              time(
                  () -> {
                    Process p = new ProcessBuilder("cat", "--", file.toString()).start();
                    p.getInputStream().readAllBytes();
                    p.waitFor();
                    return null;
                  }));
        }
        System.out.printf("cat of 1 KiB, %d calls each (microseconds)%n", n);
        print("local runtime, bubblewrap: reader + cat", bwrap);
        print("local runtime, unsandboxed: reader + cat", runtimeBare);
        print("bare ProcessBuilder spawn of cat", spawn);
        System.out.printf(
            "bubblewrap / bare spawn, median: %.2fx%n", (double) median(bwrap) / median(spawn));
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  interface Call {
    Object run() throws Exception;
  }

  private static long time(Call c) throws Exception {
    long t0 = System.nanoTime();
    c.run();
    return (System.nanoTime() - t0) / 1000;
  }

  private static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  private static void print(String what, List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    System.out.printf(
        "  %-28s median %6d  p99 %6d%n",
        what, s.get(s.size() / 2), s.get((int) Math.ceil(s.size() * 0.99) - 1));
  }
}
