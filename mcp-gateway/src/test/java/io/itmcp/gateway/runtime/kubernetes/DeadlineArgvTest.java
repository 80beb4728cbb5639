package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlineArgvTest {

  @Test
  void theArgvFollowsTimeoutAndItsOptionsUnchanged() {
    List<String> argv = List.of("ping", "-c", "4", "--", "db.example.com");

    assertThat(DeadlineArgv.wrap(argv, Duration.ofSeconds(30), Duration.ofSeconds(2)))
        .containsExactly(
            "timeout",
            "--kill-after=2.000",
            "--signal=TERM",
            "30.000",
            "ping",
            "-c",
            "4",
            "--",
            "db.example.com");
  }

  @Test
  void durationsKeepMillisecondsAndNeverReachZero() {
    assertThat(DeadlineArgv.seconds(Duration.ofMillis(1500))).isEqualTo("1.500");
    assertThat(DeadlineArgv.seconds(Duration.ofMillis(5))).isEqualTo("0.005");
    assertThat(DeadlineArgv.seconds(Duration.ZERO)).isEqualTo("0.001");
  }

  /**
   * The wrapped argv does what the runtime relies on, with the coreutils timeout of this machine.
   */
  @Test
  void coreutilsTimeoutKillsAtTheDeadlineAndExits124() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/timeout"))
            && Files.isExecutable(Path.of("/usr/bin/sleep")),
        "coreutils timeout/sleep not installed here; the pod image carries them");
    Process process =
        new ProcessBuilder(
                DeadlineArgv.wrap(
                    List.of("sleep", "30"), Duration.ofMillis(300), Duration.ofSeconds(1)))
            .redirectErrorStream(true)
            .start();

    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(DeadlineArgv.EXIT_TIMED_OUT);
  }

  @Test
  void coreutilsTimeoutPassesTheExitCodeThrough() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/timeout"))
            && Files.isExecutable(Path.of("/usr/bin/false")),
        "coreutils timeout/false not installed here; the pod image carries them");
    Process process =
        new ProcessBuilder(
                DeadlineArgv.wrap(List.of("false"), Duration.ofSeconds(5), Duration.ofSeconds(1)))
            .start();

    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
  }
}
