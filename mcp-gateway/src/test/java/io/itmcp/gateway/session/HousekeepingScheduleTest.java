package io.itmcp.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.Limits;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The background sweep the registry starts: it runs again and again at its interval, a sweep that
 * throws does not end the schedule, and closing it stops it. (The registry's sweep itself is tested
 * with an injected clock in SessionRegistryTest; the e2e idle case runs it per poll.)
 */
class HousekeepingScheduleTest {

  @Test
  void runsItsSweepRepeatedlyEvenAfterOneThrowsAndStopsWhenClosed() {
    AtomicInteger runs = new AtomicInteger();
    HousekeepingSchedule schedule =
        new HousekeepingSchedule(
            () -> {
              if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("a failed sweep");
              }
            },
            Duration.ofMillis(100));
    try {
      assertThat(schedule.every()).isEqualTo(Duration.ofMillis(100));
      await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 3);
    } finally {
      schedule.close();
    }
    int atClose = runs.get();
    await()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(5))
        .until(() -> runs.get() <= atClose + 1);
  }

  @Test
  void theRegistryNamesItsReaperIntervalOnlyWhileItRuns() {
    SessionRegistry registry =
        new SessionRegistry(
            new ProcessSandboxRuntime(),
            TestPolicies.policy(EnumSet.of(ToolName.CAT), Limits.defaults()));
    assertThat(registry.reaperInterval()).isEmpty();
    registry.startReaper(Duration.ofSeconds(5));
    assertThat(registry.reaperInterval()).contains(Duration.ofSeconds(5));
    registry.close();
    assertThat(registry.reaperInterval()).isEmpty();
  }
}
