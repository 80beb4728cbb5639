package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.itmcp.testkit.sandbox.DeadlineWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deadline wrapper every pod exec runs under ({@code sandbox-image/deadline/itmcp-deadline.c}),
 * compiled as the image's build compiles it ({@link DeadlineWrapper}) and run on this machine with
 * the argv {@link DeadlineArgv} builds: it keeps coreutils {@code timeout}'s contract, which the
 * runtime relies on (exit 124 at the deadline, 137 when KILL was needed, the command's own status
 * otherwise, the whole process group ended). The image's own copy is checked by {@code
 * check-image.sh}.
 */
class ItmcpDeadlineTest {

  private static Path binary;
  @TempDir static Path dir;

  @BeforeAll
  static void compile() {
    binary = DeadlineWrapper.binary();
  }

  @Test
  void theTestKitsCopyIsTheProgramTheGatewayNames() {
    assertThat(DeadlineWrapper.PROGRAM).isEqualTo(DeadlineArgv.PROGRAM);
  }

  @Test
  void aCommandThatOutlivesItsDeadlineIsEndedWithExit124() throws Exception {
    assertThat(exit(List.of("sleep", "30"), Duration.ofMillis(300), Duration.ofSeconds(5)))
        .isEqualTo(DeadlineArgv.EXIT_TIMED_OUT);
  }

  @Test
  void theCommandsOwnExitStatusPassesThrough() throws Exception {
    assertThat(exit(List.of("false"))).isEqualTo(1);
    assertThat(exit(List.of("true"))).isZero();
  }

  @Test
  void theCommandsOutputIsItsOwn() throws Exception {
    Process p = run(List.of("echo", "-n", "a b"), Duration.ofSeconds(5), Duration.ofSeconds(1));

    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("a b");
    assertThat(p.waitFor()).isZero();
  }

  @Test
  void aCommandThatIgnoresTermIsKilledAfterTheGraceWithExit137() throws Exception {
    List<String> ignoresTerm = List.of("bash", "-c", "trap '' TERM; sleep 30");
    assertThat(exit(ignoresTerm, Duration.ofMillis(300), Duration.ofMillis(500)))
        .isEqualTo(DeadlineArgv.EXIT_KILLED);
  }

  @Test
  void everythingTheCommandStartedEndsWithIt() throws Exception {
    Process p =
        run(
            List.of("bash", "-c", "sleep 30 & sleep 31 & wait"),
            Duration.ofSeconds(2),
            Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> p.descendants().count() >= 3);
    List<ProcessHandle> started = new ArrayList<>(p.descendants().toList());

    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(DeadlineArgv.EXIT_TIMED_OUT);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(started).noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void aTermSentToTheWrapperReachesTheCommand() throws Exception {
    Process p = run(List.of("sleep", "30"), Duration.ofSeconds(30), Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> p.descendants().findAny().isPresent());

    p.destroy();

    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("128 + SIGTERM: sleep ended by the TERM passed on").isEqualTo(143);
  }

  @Test
  void aCommandEndedByASignalExitsWith128PlusItsNumber() throws Exception {
    assertThat(exit(List.of("bash", "-c", "kill -KILL $$"))).isEqualTo(128 + 9);
  }

  @Test
  void aMissingCommandExits127AndOneThatCannotRunExits126() throws Exception {
    assertThat(exit(List.of("itmcp-no-such-program"))).isEqualTo(127);
    assertThat(exit(List.of(dir.toString()))).isEqualTo(126);
  }

  @Test
  void onlyTheArgumentFormTheGatewayBuildsIsAccepted() throws Exception {
    assertThat(raw(List.of("5", "true"))).isEqualTo(125);
    assertThat(raw(List.of("--kill-after=1", "--signal=KILL", "5", "true"))).isEqualTo(125);
    assertThat(raw(List.of("--kill-after=1", "--signal=TERM", "0", "true"))).isEqualTo(125);
    assertThat(raw(List.of("--kill-after=1", "--signal=TERM", "5s", "true"))).isEqualTo(125);
    assertThat(raw(List.of("--kill-after=x", "--signal=TERM", "5", "true"))).isEqualTo(125);
    assertThat(raw(List.of("--kill-after=1", "--signal=TERM", "5", "true"))).isZero();
  }

  private static Process run(List<String> argv, Duration deadline, Duration killGrace)
      throws IOException {
    List<String> wrapped = new ArrayList<>(DeadlineArgv.wrap(argv, deadline, killGrace));
    assertThat(wrapped.get(0)).isEqualTo(DeadlineArgv.PROGRAM);
    wrapped.set(0, binary.toString());
    return new ProcessBuilder(wrapped).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static int exit(List<String> argv) throws Exception {
    return exit(argv, Duration.ofSeconds(10), Duration.ofSeconds(1));
  }

  private static int exit(List<String> argv, Duration deadline, Duration killGrace)
      throws Exception {
    Process p = run(argv, deadline, killGrace);
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private static int raw(List<String> args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(binary.toString()));
    argv.addAll(args);
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
