package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.itmcp.gateway.runtime.Binaries;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.runtime.local.LocalSandboxRuntime;
import io.itmcp.gateway.testing.PingOutput;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.files.CatTool;
import io.itmcp.gateway.tools.files.GrepTool;
import io.itmcp.gateway.tools.files.HeadTool;
import io.itmcp.gateway.tools.files.TailTool;
import io.itmcp.gateway.tools.network.PingTool;
import io.itmcp.gateway.tools.network.TcpdumpTool;
import io.itmcp.gateway.tools.network.TelnetTool;
import io.itmcp.gateway.tools.process.PsTool;
import io.itmcp.gateway.tools.process.TopTool;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real binaries through the local bubblewrap runtime, against peers the test starts on
 * loopback.
 */
class RealToolsTest {

  @TempDir Path dir;
  Path log;
  EffectivePolicy policy;
  Sandbox sandbox;
  static LocalSandboxRuntime runtime;

  @BeforeAll
  static void runtime() {
    runtime = Binaries.bubblewrapRuntime();
  }

  @BeforeEach
  void files() throws Exception {
    log = dir.resolve("app.log");
    Files.writeString(log, "alpha one\nbeta two\n--verbose flag\ngamma three\nALPHA four\n");
    policy = policy(30, 1024 * 1024);
    sandbox = runtime.open("real-tools", null, policy);
  }

  @AfterEach
  void close() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private EffectivePolicy policy(int toolTimeoutSeconds, long maxOutputBytes) {
    return TestPolicies.builder()
        .hosts("127.0.0.1", "::1")
        .directories(dir.toString())
        .toolTimeoutSeconds(toolTimeoutSeconds)
        .maxOutputBytes(maxOutputBytes)
        .build();
  }

  private ToolCallRunner.Outcome call(ToolDefinition tool, EffectivePolicy p, Object... kv)
      throws InterruptedException {
    return call(tool, p, ProgressListener.NONE, kv);
  }

  private ToolCallRunner.Outcome call(
      ToolDefinition tool, EffectivePolicy p, ProgressListener progress, Object... kv)
      throws InterruptedException {
    Map<String, Object> args = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      args.put((String) kv[i], kv[i + 1]);
    }
    return ToolCallRunner.run(sandbox, tool.plan(args, p), p, progress);
  }

  @Test
  void pingReachesLoopback() throws InterruptedException {
    Binaries.require("ping");
    ToolCallRunner.Outcome o = call(new PingTool(), policy, "target", "127.0.0.1", "count", 2);
    assertThat(o.result().exitCode()).as(o.result().stderr()).isZero();
    assertThat(o.result().stdout()).contains("bytes from 127.0.0.1");
    PingOutput.assertRanToItsEndAnswered(o.result().stdout());
  }

  @Test
  void pingAndTelnetReachIpv6Loopback() throws Exception {
    Binaries.require("ping", "nc");
    ToolCallRunner.Outcome ping =
        call(new PingTool(), policy, "target", "0:0:0:0:0:0:0:1", "count", 1);
    assertThat(ping.plan().argv()).endsWith("--", "::1");
    assertThat(ping.result().exitCode())
        .as(ping.result().stdout() + ping.result().stderr())
        .isZero();
    try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
      ToolCallRunner.Outcome nc =
          call(
              new TelnetTool(), policy, "target", "::1", "port", open.getLocalPort(), "timeout", 2);
      assertThat(nc.result().exitCode()).as(nc.result().stderr()).isZero();
    }
  }

  @Test
  void telnetToolTestsAnOpenAndAClosedPort() throws Exception {
    Binaries.require("nc");
    try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      ToolCallRunner.Outcome o =
          call(
              new TelnetTool(),
              policy,
              "target",
              "127.0.0.1",
              "port",
              open.getLocalPort(),
              "timeout",
              2);
      assertThat(o.result().exitCode()).as(o.result().stderr()).isZero();
      assertThat(o.result().stderr()).contains("succeeded");
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    ToolCallRunner.Outcome o =
        call(new TelnetTool(), policy, "target", "127.0.0.1", "port", closed, "timeout", 2);
    assertThat(o.result().exitCode()).isEqualTo(1);
    assertThat(o.result().stderr()).contains("refused");
  }

  @Test
  void tcpdumpOnLoopbackCatchesTheTestsOwnPing() throws Exception {
    Binaries.require("tcpdump", "ping");
    if (!Binaries.runningAsRoot()) {
      Binaries.unavailable(
          "tcpdump needs CAP_NET_RAW, which the local runtime can grant only when the gateway runs as root");
    }
    AtomicReference<ToolCallRunner.Outcome> capture = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                capture.set(
                    call(
                        new TcpdumpTool(),
                        policy,
                        "interface",
                        "lo",
                        "filter",
                        "icmp and host 127.0.0.1",
                        "count",
                        2,
                        "timeout",
                        10));
              } catch (Throwable e) {
                failure.set(e);
              }
            });
    t.start();
    // tcpdump says nothing when it starts capturing: ping until it has caught its two packets
    await("tcpdump catches two ICMP packets")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Process ping =
                  new ProcessBuilder("ping", "-n", "-c", "1", "127.0.0.1")
                      .redirectErrorStream(true)
                      .start();
              ping.getInputStream().readAllBytes();
              ping.waitFor(5, TimeUnit.SECONDS);
              return !t.isAlive();
            });
    assertThat(failure.get()).isNull();
    ToolCallRunner.Outcome o = capture.get();
    assertThat(o.result().stdout())
        .as(o.result().stderr())
        .contains("127.0.0.1 > 127.0.0.1: ICMP echo");
    assertThat(o.result().exitCode()).isZero();
  }

  @Test
  void tcpdumpEndsAtItsTimeoutWithoutAnError() throws Exception {
    Binaries.require("tcpdump");
    if (!Binaries.runningAsRoot()) {
      Binaries.unavailable(
          "tcpdump needs CAP_NET_RAW, which the local runtime can grant only when the gateway runs as root");
    }
    ToolCallRunner.Outcome o =
        call(
            new TcpdumpTool(),
            policy,
            "interface",
            "lo",
            "filter",
            "tcp port 9",
            "count",
            5,
            "timeout",
            1);
    assertThat(o.result().timedOut()).isTrue();
    assertThat(o.deadlineWasError()).isFalse();
    assertThat(o.result().stderr()).contains("listening on lo");
  }

  @Test
  void psAndTopSeeTheSandbox() throws InterruptedException {
    Binaries.require("ps", "top");
    ToolCallRunner.Outcome ps = call(new PsTool(), policy, "options", "ef", "filter", "ps -ef");
    List<String> lines = ps.result().stdout().lines().toList();
    assertThat(lines.get(0)).startsWith("UID").contains("PID").contains("CMD");
    assertThat(lines.subList(1, lines.size()))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("ps -ef"));
    assertThat(ps.result().stdout()).doesNotContain("\nroot         1 ").as("filtered");
    ToolCallRunner.Outcome top = call(new TopTool(), policy, "iterations", 1);
    assertThat(top.result().exitCode()).isZero();
    assertThat(top.result().stdout()).contains("load average").contains("PID");
  }

  @Test
  void fileToolsReadAnAllowedFile() throws Exception {
    assertThat(call(new CatTool(), policy, "file_path", log.toString()).result().stdout())
        .startsWith("alpha one\nbeta two\n");
    assertThat(
            call(new HeadTool(), policy, "file_path", log.toString(), "lines", 2).result().stdout())
        .isEqualTo("alpha one\nbeta two\n");
    assertThat(
            call(new TailTool(), policy, "file_path", log.toString(), "lines", 1).result().stdout())
        .isEqualTo("ALPHA four\n");
    assertThat(
            call(
                    new GrepTool(),
                    policy,
                    "file_path",
                    log.toString(),
                    "pattern",
                    "alpha",
                    "ignore_case",
                    true,
                    "line_numbers",
                    true)
                .result()
                .stdout())
        .isEqualTo("1:alpha one\n5:ALPHA four\n");
    assertThat(
            call(new GrepTool(), policy, "file_path", log.toString(), "pattern", "--verbose")
                .result()
                .stdout())
        .isEqualTo("--verbose flag\n");
    ToolCallRunner.Outcome none =
        call(new GrepTool(), policy, "file_path", log.toString(), "pattern", "zeta");
    assertThat(none.result().exitCode()).isEqualTo(1);
  }

  @Test
  void aFileNameWithShellCharactersIsReadLiterally() throws Exception {
    Path odd = dir.resolve("x; echo INJECTED $(id)");
    Files.writeString(odd, "literal content\n");
    ToolCallRunner.Outcome o = call(new CatTool(), policy, "file_path", odd.toString());
    assertThat(o.result().stdout()).isEqualTo("literal content\n");
    assertThat(o.result().stdout() + o.result().stderr())
        .doesNotContain("INJECTED")
        .doesNotContain("uid=");
  }

  @Test
  void aSymlinkThatLeavesTheAllowedDirectoryIsRefusedByTheReader() throws Exception {
    Path escape = dir.resolve("escape.log");
    Files.createSymbolicLink(escape, Path.of("/etc/hostname"));
    for (ToolDefinition tool : List.of(new CatTool(), new HeadTool(), new TailTool())) {
      assertThatThrownBy(() -> call(tool, policy, "file_path", escape.toString()))
          .isInstanceOf(PolicyRefusedException.class)
          .hasMessageContaining("/etc/hostname")
          .hasMessageContaining("allowedDirectories");
    }
    assertThatThrownBy(
            () -> call(new GrepTool(), policy, "file_path", escape.toString(), "pattern", "x"))
        .isInstanceOf(PolicyRefusedException.class);
    Path inside = dir.resolve("current.log");
    Files.createSymbolicLink(inside, log);
    ToolCallRunner.Outcome o = call(new CatTool(), policy, "file_path", inside.toString());
    assertThat(o.plan().argv())
        .as("one exec: the reader resolves and reads")
        .startsWith("itmcp-read")
        .endsWith("cat");
    assertThat(o.result().stdout()).startsWith("alpha one");
    assertThatThrownBy(
            () -> call(new CatTool(), policy, "file_path", dir.resolve("missing.log").toString()))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessageContaining("No such file");
  }

  @Test
  void tailFollowReturnsWhatArrivedUntilTheDeadline() throws Exception {
    // The deadline counts from the call's start: the sandbox's start, tail's first line, the append
    // and tail's next look at the descriptor (it polls once a second) must all fit in it. Two
    // seconds did not on a loaded machine (the appended line missed); five leave room.
    EffectivePolicy fiveSeconds = policy(5, 1024 * 1024);
    List<Long> progress = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch firstLineOut = new java.util.concurrent.CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              try {
                // appended once tail has printed the existing last line, so it is following the
                // file
                if (firstLineOut.await(10, TimeUnit.SECONDS)) {
                  Files.writeString(log, "appended later\n", StandardOpenOption.APPEND);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    ToolCallRunner.Outcome o =
        call(
            new TailTool(),
            fiveSeconds,
            (ms, bytes) -> {
              progress.add(ms);
              if (bytes > 0) {
                firstLineOut.countDown();
              }
            },
            "file_path",
            log.toString(),
            "lines",
            1,
            "follow",
            true);
    writer.join();
    assertThat(o.result().timedOut()).isTrue();
    assertThat(o.deadlineWasError()).isFalse();
    assertThat(o.result().stdout()).isEqualTo("ALPHA four\nappended later\n");
    assertThat(progress).isNotEmpty();
    assertNoDescendant("tail");
  }

  @Test
  void outputIsCutAtThePolicysCap() throws Exception {
    Path big = dir.resolve("big.log");
    Files.writeString(big, "0123456789\n".repeat(10_000));
    ToolCallRunner.Outcome o = call(new CatTool(), policy(30, 1024), "file_path", big.toString());
    assertThat(o.result().truncated()).isTrue();
    assertThat(o.result().stdout()).hasSize(1024);
  }

  @Test
  void theDeadlineKillsALongPing() throws Exception {
    Binaries.require("ping");
    ToolCallRunner.Outcome o =
        call(new PingTool(), policy(1, 1024 * 1024), "target", "127.0.0.1", "count", 20);
    assertThat(o.result().timedOut()).isTrue();
    assertThat(o.deadlineWasError()).isTrue();
    assertThat(o.result().durationMs()).isLessThan(5000);
    assertNoDescendant("ping");
  }

  @Test
  void cancellingATailFollowKillsIt() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                call(new TailTool(), policy, "file_path", log.toString(), "follow", true);
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    caller.start();
    await("tail starts")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> descendants("tail") > 0);
    caller.interrupt();
    caller.join(10_000);
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertNoDescendant("tail");
  }

  static long descendants(String command) {
    return ProcessHandle.current()
        .descendants()
        .filter(
            p ->
                p.info()
                    .command()
                    .map(c -> Path.of(c).getFileName().toString().equals(command))
                    .orElse(false))
        .count();
  }

  static void assertNoDescendant(String command) throws InterruptedException {
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () ->
                assertThat(descendants(command))
                    .as("'" + command + "' processes left behind")
                    .isZero());
  }
}
