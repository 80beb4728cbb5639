package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

  private static final Limits DEFAULTS = Limits.defaults();

  @Test
  void eachNamedChangeSetsOnlyWhatItNames() {
    assertThat(DEFAULTS.withSessions(7, 3))
        .isEqualTo(
            new Limits(
                7,
                3,
                DEFAULTS.callsPerMinute(),
                DEFAULTS.toolTimeout(),
                DEFAULTS.maxOutputBytes(),
                DEFAULTS.ttl(),
                DEFAULTS.idleTimeout()));
    assertThat(DEFAULTS.withCallsPerMinute(9))
        .isEqualTo(
            new Limits(
                DEFAULTS.maxSessions(),
                DEFAULTS.maxSessionsPerUser(),
                9,
                DEFAULTS.toolTimeout(),
                DEFAULTS.maxOutputBytes(),
                DEFAULTS.ttl(),
                DEFAULTS.idleTimeout()));
    assertThat(DEFAULTS.withToolTimeout(Duration.ofSeconds(4)))
        .isEqualTo(
            new Limits(
                DEFAULTS.maxSessions(),
                DEFAULTS.maxSessionsPerUser(),
                DEFAULTS.callsPerMinute(),
                Duration.ofSeconds(4),
                DEFAULTS.maxOutputBytes(),
                DEFAULTS.ttl(),
                DEFAULTS.idleTimeout()));
    assertThat(DEFAULTS.withMaxOutputBytes(2048))
        .isEqualTo(
            new Limits(
                DEFAULTS.maxSessions(),
                DEFAULTS.maxSessionsPerUser(),
                DEFAULTS.callsPerMinute(),
                DEFAULTS.toolTimeout(),
                2048,
                DEFAULTS.ttl(),
                DEFAULTS.idleTimeout()));
    assertThat(DEFAULTS.withSandboxTiming(Duration.ofSeconds(120), Duration.ofSeconds(60)))
        .isEqualTo(
            new Limits(
                DEFAULTS.maxSessions(),
                DEFAULTS.maxSessionsPerUser(),
                DEFAULTS.callsPerMinute(),
                DEFAULTS.toolTimeout(),
                DEFAULTS.maxOutputBytes(),
                Duration.ofSeconds(120),
                Duration.ofSeconds(60)));
  }

  @Test
  void namedChangesLeaveTheOriginalAsItWas() {
    DEFAULTS.withSessions(1, 1).withCallsPerMinute(1);
    assertThat(DEFAULTS).isEqualTo(Limits.defaults());
    assertThat(DEFAULTS.maxSessions()).isEqualTo(Limits.DEFAULT_MAX_SESSIONS);
  }
}
