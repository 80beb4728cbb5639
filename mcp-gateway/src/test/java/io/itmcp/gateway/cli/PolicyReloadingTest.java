package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.session.ReloadablePolicy;
import io.itmcp.policy.EffectivePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local gateway's policy file, edited while it runs: a valid edit holds from the next call and is
 * announced once per save; a broken edit is refused and the last good policy stays; SIGHUP reloads
 * at once. Time is a hand-driven scheduler: nothing here sleeps.
 */
class PolicyReloadingTest {

  @TempDir Path tmp;

  private Path file;
  private ReloadablePolicy live;
  private final List<EffectivePolicy> announced = new CopyOnWriteArrayList<>();
  private final ManualScheduler clock = new ManualScheduler();

  @BeforeEach
  void start() throws Exception {
    file = tmp.resolve("policy.yaml");
    write(file, "[cat]", "/srv");
    live = new ReloadablePolicy(LocalLauncher.loadPolicyFile(file));
    live.listen(announced::add);
  }

  private PolicyReloader reloader() {
    return new PolicyReloader(file, () -> LocalLauncher.loadPolicyFile(file), live);
  }

  private static void write(Path to, String tools, String directory) throws Exception {
    Files.writeString(
        to,
        """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata:
          name: local
        spec:
          tools: %s
          allowedDirectories: [%s]
        """
            .formatted(tools, directory));
  }

  @Test
  void aValidEditIsInForceAfterTheFileSettlesAndAnnouncedOnce() throws Exception {
    PolicyReloader reloader = reloader();
    try (PolicyReloading ignored = PolicyReloading.start(file, reloader, clock, false)) {
      write(file, "[cat, head]", "/srv");
      await().atMost(Duration.ofSeconds(10)).until(() -> clock.pending() == 1);
      clock.advance(PolicyReloading.QUIET.minusMillis(1));
      assertThat(live.current().tools())
          .as("not before the file settled")
          .containsExactly(ToolName.CAT);

      // an editor that writes a new file and renames it over the old one: one more burst of events
      Path next = tmp.resolve(".policy.yaml.swp");
      write(next, "[cat, head, tail]", "/var/log");
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      await().atMost(Duration.ofSeconds(10)).until(() -> clock.scheduledSinceStart() >= 2);
      clock.advance(PolicyReloading.QUIET);

      assertThat(live.current().tools())
          .containsExactly(ToolName.CAT, ToolName.HEAD, ToolName.TAIL);
      assertThat(live.current().paths().directories()).containsExactly("/var/log");
      assertThat(announced).as("the burst of events is read once").hasSize(1);
    }
  }

  @Test
  void aBrokenEditIsRefusedAndTheLastGoodPolicyStays() throws Exception {
    EffectivePolicy good = live.current();
    PolicyReloader reloader = reloader();

    Files.writeString(
        file, "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\nspec:\n  tools: [cat\n");
    assertThat(reloader.reload("test")).isEqualTo(PolicyReloader.Outcome.REFUSED);
    Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\n");
    assertThat(reloader.reload("test")).isEqualTo(PolicyReloader.Outcome.REFUSED);
    Files.delete(file);
    assertThat(reloader.reload("test")).isEqualTo(PolicyReloader.Outcome.REFUSED);

    assertThat(live.current()).isSameAs(good);
    assertThat(announced).isEmpty();

    write(file, "[cat]", "/srv");
    assertThat(reloader.reload("test"))
        .as("the same policy again")
        .isEqualTo(PolicyReloader.Outcome.UNCHANGED);
    assertThat(announced).isEmpty();
    write(file, "[cat, grep]", "/srv");
    assertThat(reloader.reload("test")).isEqualTo(PolicyReloader.Outcome.APPLIED);
    assertThat(announced)
        .singleElement()
        .satisfies(p -> assertThat(p.tools()).contains(ToolName.GREP));
  }

  @Test
  void anEditMadeWhileTheGatewayStartedIsNotMissed() throws Exception {
    byte[] loadedText = PolicyReloader.read(file);
    write(file, "[cat, top]", "/srv"); // after the load, before the watch: no event will come
    PolicyReloader reloader =
        new PolicyReloader(file, loadedText, () -> LocalLauncher.loadPolicyFile(file), live);

    try (PolicyReloading ignored = PolicyReloading.start(file, reloader, clock, false)) {
      assertThat(live.current().tools()).containsExactly(ToolName.TOP, ToolName.CAT);
      assertThat(announced).hasSize(1);
    }
  }

  @Test
  void sighupReloadsAtOnce() throws Exception {
    assumeFalse(
        sighupIgnoredByThisProcess(),
        "SIGHUP is ignored by this process (the build was started under nohup or the like), and a"
            + " JVM then neither installs a SIGHUP handler nor raises the signal");
    try (PolicyReloading ignored =
        PolicyReloading.start(tmp.resolve("elsewhere.yaml"), reloader(), clock, true)) {
      write(file, "[cat, ps]", "/srv");
      HangupSignal.raise();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> live.current().tools().contains(ToolName.PS));
      assertThat(clock.scheduledSinceStart())
          .as("SIGHUP does not wait for the file to settle")
          .isZero();
    }
  }

  /** SIGHUP (signal 1) is bit 0 of the ignored-signal mask in /proc/self/status. */
  private static boolean sighupIgnoredByThisProcess() throws Exception {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    return Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("SigIgn:"))
        .anyMatch(line -> (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 1L) != 0);
  }

  /** A scheduler whose time moves only when the test says. */
  static final class ManualScheduler implements Debouncer.Scheduler {
    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private int scheduled;

    private record Task(long due, Runnable run, boolean[] cancelled) {}

    @Override
    public synchronized Runnable schedule(Duration delay, Runnable task) {
      boolean[] cancelled = {false};
      tasks.add(new Task(now + delay.toNanos(), task, cancelled));
      scheduled++;
      return () -> {
        synchronized (this) {
          cancelled[0] = true;
        }
      };
    }

    synchronized int pending() {
      return (int) tasks.stream().filter(t -> !t.cancelled()[0]).count();
    }

    synchronized int scheduledSinceStart() {
      return scheduled;
    }

    void advance(Duration by) {
      List<Runnable> due = new ArrayList<>();
      synchronized (this) {
        now += by.toNanos();
        for (Task t : List.copyOf(tasks)) {
          if (t.due() <= now) {
            tasks.remove(t);
            if (!t.cancelled()[0]) {
              due.add(t.run());
            }
          }
        }
      }
      due.forEach(Runnable::run);
    }
  }
}
