package io.itmcp.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local runtime with real processes: isolation, deadline, cap, cancellation, progress. */
class LocalSandboxRuntimeTest {

  private Sandbox sandbox;

  @BeforeEach
  void open() throws InterruptedException {
    Binaries.require("bwrap");
    LocalSandboxRuntime.Availability availability = LocalSandboxRuntime.probe();
    if (!availability.available()) {
      Binaries.unavailable("bubblewrap does not work here: " + availability.detail());
    }
    sandbox =
        LocalSandboxRuntime.bubblewrap().open("test-" + UUID.randomUUID(), (Identity) null, null);
  }

  @AfterEach
  void close() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private ExecResult run(Duration deadline, long cap, String... argv) throws InterruptedException {
    return sandbox.exec(
        new ExecRequest(List.of(argv), ExecTarget.SANDBOX, deadline, cap), ProgressListener.NONE);
  }

  @Test
  void runsTheArgvWithoutAShellAndReturnsOutputAndExitCode() throws InterruptedException {
    ExecResult r = run(Duration.ofSeconds(10), 4096, "echo", "$HOME; id", "`x`");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("$HOME; id `x`\n");
    assertThat(r.truncated()).isFalse();
    assertThat(r.timedOut()).isFalse();
    ExecResult failed = run(Duration.ofSeconds(10), 4096, "ls", "/does-not-exist");
    assertThat(failed.exitCode()).isEqualTo(2);
    assertThat(failed.stderr()).contains("does-not-exist");
  }

  @Test
  void theEnvironmentIsClearedAndTheHostIsReadOnly() throws InterruptedException {
    ExecResult env = run(Duration.ofSeconds(10), 4096, "env");
    assertThat(env.stdout().lines().map(l -> l.split("=")[0]).sorted().toList())
        .containsExactly("HOME", "LANG", "PATH", "PWD");
    ExecResult write = run(Duration.ofSeconds(10), 4096, "touch", "/etc/itmcp-sandbox-write-test");
    assertThat(write.exitCode()).isNotZero();
    assertThat(write.stderr()).contains("Read-only file system");
    ExecResult tmp = run(Duration.ofSeconds(10), 4096, "ls", "-A", "/tmp");
    assertThat(tmp.stdout()).isEmpty();
  }

  @Test
  void seesOnlyItsOwnProcessesAndItsOwnHostName() throws InterruptedException {
    ExecResult ps = run(Duration.ofSeconds(10), 65536, "ps", "-e", "-o", "pid=,comm=");
    assertThat(ps.stdout().lines().map(String::strip).toList())
        .hasSizeLessThanOrEqualTo(3)
        .anySatisfy(l -> assertThat(l).endsWith("ps"));
    ExecResult hostname = run(Duration.ofSeconds(10), 4096, "hostname");
    assertThat(hostname.stdout().strip()).isEqualTo("itmcp-sandbox");
  }

  @Test
  void theUnsandboxedRuntimeRunsTheArgvDirectly() throws InterruptedException {
    LocalSandboxRuntime bare = LocalSandboxRuntime.unsandboxed();
    assertThat(bare.sandboxed()).isFalse();
    try (Sandbox s = bare.open("bare", null, null)) {
      ExecResult r =
          s.exec(
              new ExecRequest(List.of("env"), ExecTarget.SANDBOX, Duration.ofSeconds(10), 4096),
              ProgressListener.NONE);
      assertThat(r.stdout().lines().map(l -> l.split("=")[0]).sorted().toList())
          .containsExactly("HOME", "LANG", "PATH");
    }
  }

  @Test
  void outputIsCutAtTheCapAndTheCommandStillEnds() throws InterruptedException {
    ExecResult r = run(Duration.ofSeconds(20), 1000, "seq", "1", "200000");
    assertThat(r.truncated()).isTrue();
    assertThat(r.stdout().length() + r.stderr().length()).isEqualTo(1000);
    assertThat(r.stdout()).startsWith("1\n2\n3\n");
    assertThat(r.exitCode()).isZero();
    assertThat(r.timedOut()).isFalse();
  }

  @Test
  void theDeadlineKillsTheWholeProcessTree() throws InterruptedException {
    String marker = "itmcp-deadline-" + UUID.randomUUID();
    long start = System.nanoTime();
    ExecResult r =
        run(Duration.ofMillis(800), 4096, "tail", "-f", "/dev/null", "--", "/proc/self/" + marker);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(ms).as("returned soon after the deadline").isLessThan(5000);
    assertNoProcessWith(marker);
  }

  @Test
  void interruptingTheCallerKillsTheTreeAndThrows() throws Exception {
    String marker = "itmcp-cancel-" + UUID.randomUUID();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                run(
                    Duration.ofSeconds(60),
                    4096,
                    "tail",
                    "-f",
                    "/dev/null",
                    "--",
                    "/proc/self/" + marker);
              } catch (Throwable t) {
                thrown.set(t);
              }
            });
    caller.start();
    waitForProcessWith(marker);
    caller.interrupt();
    caller.join(10_000);
    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertNoProcessWith(marker);
  }

  @Test
  void closingTheSandboxKillsWhatRunsAndRefusesMore() throws Exception {
    String marker = "itmcp-close-" + UUID.randomUUID();
    AtomicReference<ExecResult> result = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                result.set(
                    run(
                        Duration.ofSeconds(60),
                        4096,
                        "tail",
                        "-f",
                        "/dev/null",
                        "--",
                        "/proc/self/" + marker));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    caller.start();
    waitForProcessWith(marker);
    sandbox.close();
    caller.join(10_000);
    assertThat(caller.isAlive()).isFalse();
    assertNoProcessWith(marker);
    assertThatThrownBy(() -> run(Duration.ofSeconds(1), 10, "true"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void progressIsReportedWhileACommandRuns() throws InterruptedException {
    List<Long> ticks = new CopyOnWriteArrayList<>();
    ExecResult r =
        sandbox.exec(
            new ExecRequest(
                List.of("sleep", "2.5"), ExecTarget.SANDBOX, Duration.ofSeconds(10), 100),
            (elapsedMs, bytes) -> ticks.add(elapsedMs));
    assertThat(r.exitCode()).isZero();
    assertThat(ticks).hasSizeGreaterThanOrEqualTo(2);
    assertThat(ticks).isSorted();
  }

  static void waitForProcessWith(String marker) throws InterruptedException {
    await("the command with " + marker + " starts")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> processesWith(marker) > 0);
  }

  static void assertNoProcessWith(String marker) throws InterruptedException {
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () ->
                assertThat(processesWith(marker))
                    .as("processes still running with " + marker)
                    .isZero());
  }

  static long processesWith(String marker) {
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false)
                    || p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .count();
  }
}
