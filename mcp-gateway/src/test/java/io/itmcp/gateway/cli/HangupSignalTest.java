package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.testing.TestJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP reloads the policy, unless the process ignores SIGHUP (started under {@code nohup}): then
 * the JVM installs no handler although {@code Signal.handle} returns normally, and the gateway must
 * say so instead of promising reloads that never come. Each case runs in a JVM whose SIGHUP
 * disposition {@code env} sets, whatever this test's own process inherited.
 */
class HangupSignalTest {

  private record Outcome(int exit, String stdout, String stderr) {}

  @Test
  void aProcessThatIgnoresSighupIsToldItCannotReloadOnIt() throws Exception {
    Outcome o = probe("--ignore-signal=HUP");

    assertThat(o.exit()).as(o.stderr()).isZero();
    assertThat(o.stdout().strip()).isEqualTo("not installed");
    assertThat(o.stderr())
        .contains("SIGHUP is ignored by this process")
        .contains("the policy is reloaded when its file changes");
  }

  @Test
  void aProcessThatTakesSighupRunsTheReload() throws Exception {
    Outcome o = probe("--default-signal=HUP");

    assertThat(o.exit()).as(o.stderr()).isZero();
    assertThat(o.stdout().strip()).isEqualTo("ran");
    assertThat(o.stderr()).doesNotContain("SIGHUP is ignored");
  }

  @Test
  void onlyTheIgnoredDispositionCountsAsNoHandler() {
    assertThat(HangupSignal.ignoredAtStart(sun.misc.SignalHandler.SIG_IGN)).isTrue();
    assertThat(HangupSignal.ignoredAtStart(sun.misc.SignalHandler.SIG_DFL)).isFalse();
    assertThat(HangupSignal.ignoredAtStart(signal -> {})).isFalse();
  }

  private static Outcome probe(String disposition) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("env", disposition));
    argv.addAll(TestJvm.command(HangupSignalProbe.class));
    Process p = new ProcessBuilder(argv).start();
    p.getOutputStream().close();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe ended").isTrue();
    return new Outcome(p.exitValue(), stdout, stderr);
  }
}
