package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.runtime.Binaries;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.files.CatTool;
import io.itmcp.gateway.tools.files.GrepTool;
import io.itmcp.gateway.tools.files.HeadTool;
import io.itmcp.gateway.tools.files.TailTool;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file tools against a writer who races them: a thread swaps symlinks and directories in the
 * allowed directory between a file inside and files outside while thousands of reads run. Nothing
 * outside may ever be read. Also: hard links into the allowed directory are refused unless the
 * policy allows them.
 */
class FileReadRaceTest {

  private static final String SECRET = "OUTSIDE-SECRET";
  private static final int READS = 2_000;
  private static final int SANDBOXED_READS = 200;

  /**
   * The suite must stay fast on a busy 2-core machine: the reads stop at their number or when this
   * budget is spent, whichever comes first; the count reached is printed, and reads that found the
   * file inside as well as reads refused show that the race ran.
   */
  private static final Duration BUDGET = Duration.ofSeconds(8);

  @TempDir Path allowed;
  @TempDir Path outside;

  private EffectivePolicy policy() {
    return TestPolicies.builder().directories(allowed.toString()).build();
  }

  private static Map<String, Object> path(Path p) {
    return Map.of("file_path", p.toString());
  }

  /**
   * Swaps, as fast as it can: current.log between a file inside and one outside, dir/ between a
   * directory inside and one outside.
   */
  private Thread swapper(AtomicBoolean stop, AtomicLong swaps) throws Exception {
    Files.writeString(allowed.resolve("inside.log"), "inside\n");
    Files.createDirectories(allowed.resolve("real"));
    Files.writeString(allowed.resolve("real/f.log"), "inside dir\n");
    Files.writeString(outside.resolve("secret.log"), SECRET + "\n");
    Files.writeString(outside.resolve("f.log"), SECRET + " via dir\n");
    Path current = allowed.resolve("current.log");
    Path dir = allowed.resolve("dir");
    Files.createSymbolicLink(current, Path.of("inside.log"));
    Files.createSymbolicLink(dir, Path.of("real"));
    Thread t =
        new Thread(
            () -> {
              try {
                boolean out = false;
                while (!stop.get()) {
                  out = !out;
                  Path link = allowed.resolve("next.tmp");
                  Files.deleteIfExists(link);
                  Files.createSymbolicLink(
                      link, out ? outside.resolve("secret.log") : Path.of("inside.log"));
                  Files.move(
                      link,
                      current,
                      StandardCopyOption.ATOMIC_MOVE,
                      StandardCopyOption.REPLACE_EXISTING);
                  Path dirLink = allowed.resolve("nextdir.tmp");
                  Files.deleteIfExists(dirLink);
                  Files.createSymbolicLink(dirLink, out ? outside : Path.of("real"));
                  Files.move(
                      dirLink,
                      dir,
                      StandardCopyOption.ATOMIC_MOVE,
                      StandardCopyOption.REPLACE_EXISTING);
                  swaps.incrementAndGet();
                  LockSupport.parkNanos(
                      50_000); // leaves the readers CPU on a small machine; still thousands of
                  // swaps a second
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "symlink-swapper");
    t.setDaemon(true);
    return t;
  }

  private record Tally(int read, int refused, int other, List<String> leaked) {}

  private Tally race(Sandbox sandbox, int reads) throws Exception {
    EffectivePolicy policy = policy();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong swaps = new AtomicLong();
    Thread swapper = swapper(stop, swaps);
    swapper.start();
    AtomicInteger read = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    List<String> leaked = java.util.Collections.synchronizedList(new ArrayList<>());
    List<ToolDefinition> tools = List.of(new CatTool(), new HeadTool(), new TailTool());
    AtomicInteger started = new AtomicInteger();
    long until = System.nanoTime() + BUDGET.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int worker = 0; worker < 2; worker++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = started.getAndIncrement();
                      i < reads && System.nanoTime() < until;
                      i = started.getAndIncrement()) {
                    readOnce(
                        sandbox,
                        policy,
                        tools.get(i % tools.size()),
                        i % 2 == 0 ? allowed.resolve("current.log") : allowed.resolve("dir/f.log"),
                        read,
                        refused,
                        other,
                        leaked);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      stop.set(true);
      swapper.join(5_000);
    }
    int done = read.get() + refused.get() + other.get() + leaked.size();
    System.out.printf(
        "[file-read race] %d reads (of at most %d, budget %d s) while %d swaps: %d read the file inside, "
            + "%d refused, %d other, %d leaked%n",
        done,
        reads,
        BUDGET.toSeconds(),
        swaps.get(),
        read.get(),
        refused.get(),
        other.get(),
        leaked.size());
    return new Tally(read.get(), refused.get(), other.get(), leaked);
  }

  private static void readOnce(
      Sandbox sandbox,
      EffectivePolicy policy,
      ToolDefinition tool,
      Path target,
      AtomicInteger read,
      AtomicInteger refused,
      AtomicInteger other,
      List<String> leaked)
      throws InterruptedException {
    try {
      ToolCallRunner.Outcome o =
          ToolCallRunner.run(
              sandbox, tool.plan(path(target), policy), policy, ProgressListener.NONE);
      String seen = o.result().stdout() + o.result().stderr();
      if (seen.contains(SECRET)) {
        leaked.add(o.plan().argv() + " -> " + seen);
      } else if (o.result().exitCode() == 0) {
        read.incrementAndGet();
      } else {
        other.incrementAndGet();
      }
    } catch (PolicyRefusedException e) {
      refused.incrementAndGet();
    } catch (ToolArgumentException e) {
      other.incrementAndGet();
    }
  }

  @Test
  void thousandsOfReadsRacingASymlinkSwapperNeverReadOutsideTheAllowedDirectory() throws Exception {
    // The race is the reader's: run it straight (no bubblewrap spawn per read) for the bulk of the
    // reads.
    try (Sandbox direct = LocalSandboxRuntime.unsandboxed().open("race", null, policy())) {
      Tally t = race(direct, READS);
      assertThat(t.leaked()).as("reads that returned the outside file").isEmpty();
      assertThat(t.read()).as("some reads found the inside file").isPositive();
      assertThat(t.refused())
          .as("some reads met the link pointing outside (the race was exercised)")
          .isPositive();
    }
  }

  @Test
  void theSameRaceThroughBubblewrapReadsNothingOutside() throws Exception {
    Binaries.require("bwrap");
    LocalSandboxRuntime.Availability a = LocalSandboxRuntime.probe();
    if (!a.available()) {
      Binaries.unavailable("bubblewrap does not work here: " + a.detail());
    }
    try (Sandbox sandbox = LocalSandboxRuntime.bubblewrap().open("race", null, policy())) {
      Tally t = race(sandbox, SANDBOXED_READS);
      assertThat(t.leaked()).as("reads that returned the outside file").isEmpty();
      assertThat(t.read()).isPositive();
    }
  }

  @Test
  void aHardLinkIntoTheAllowedDirectoryIsRefusedUnlessThePolicyAllowsHardLinks() throws Exception {
    Path secret = outside.resolve("secret.log");
    Files.writeString(secret, SECRET + "\n");
    Path link = Files.createLink(allowed.resolve("innocent.log"), secret);
    EffectivePolicy strict = policy();
    try (Sandbox sandbox = LocalSandboxRuntime.unsandboxed().open("hard-links", null, strict)) {
      for (ToolDefinition tool : List.of(new CatTool(), new HeadTool(), new TailTool())) {
        assertThatThrownBy(
                () ->
                    ToolCallRunner.run(
                        sandbox, tool.plan(path(link), strict), strict, ProgressListener.NONE))
            .as(tool.name().wireName())
            .isInstanceOf(PolicyRefusedException.class)
            .hasMessageContaining("2 hard links")
            .hasMessageContaining("rule files.allowHardLinks");
      }
      assertThatThrownBy(
              () ->
                  ToolCallRunner.run(
                      sandbox,
                      new GrepTool()
                          .plan(Map.of("file_path", link.toString(), "pattern", "SECRET"), strict),
                      strict,
                      ProgressListener.NONE))
          .isInstanceOf(PolicyRefusedException.class);
      EffectivePolicy lenient =
          new EffectivePolicy(
              strict.name(),
              strict.tools(),
              strict.hosts(),
              strict.dnsServers(),
              strict.paths().withHardLinks(true),
              strict.remoteCommands(),
              strict.sshUsers(),
              strict.limits());
      ToolCallRunner.Outcome o =
          ToolCallRunner.run(
              sandbox, new CatTool().plan(path(link), lenient), lenient, ProgressListener.NONE);
      assertThat(o.result().stdout()).isEqualTo(SECRET + "\n");
    }
  }

  @Test
  void aSymlinkInsideTheAllowedDirectoryIsFollowedAndDotDotCannotClimbOut() throws Exception {
    Files.createDirectories(allowed.resolve("logs/2026"));
    Files.writeString(allowed.resolve("logs/2026/app.log"), "deep\n");
    Files.createSymbolicLink(allowed.resolve("logs/current"), Path.of("2026/app.log"));
    Files.createSymbolicLink(allowed.resolve("up"), Path.of("logs/../logs/current"));
    Files.createSymbolicLink(
        allowed.resolve("climb"), Path.of("logs/../../" + outside.getFileName() + "/x"));
    Files.writeString(outside.resolve("x"), SECRET + "\n");
    EffectivePolicy p = policy();
    try (Sandbox sandbox = LocalSandboxRuntime.unsandboxed().open("links", null, p)) {
      assertThat(
              ToolCallRunner.run(
                      sandbox,
                      new CatTool().plan(path(allowed.resolve("up")), p),
                      p,
                      ProgressListener.NONE)
                  .result()
                  .stdout())
          .isEqualTo("deep\n");
      assertThatThrownBy(
              () ->
                  ToolCallRunner.run(
                      sandbox,
                      new CatTool().plan(path(allowed.resolve("climb")), p),
                      p,
                      ProgressListener.NONE))
          .isInstanceOf(PolicyRefusedException.class)
          .hasMessageContaining("'..' leads above");
      assertThatThrownBy(
              () ->
                  ToolCallRunner.run(
                      sandbox,
                      new CatTool().plan(path(allowed.resolve("logs")), p),
                      p,
                      ProgressListener.NONE))
          .isInstanceOf(ToolArgumentException.class)
          .hasMessageContaining("not a regular file");
    }
  }
}
