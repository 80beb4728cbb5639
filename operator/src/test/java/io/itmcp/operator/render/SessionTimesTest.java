package io.itmcp.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.operator.Fixtures;
import io.itmcp.policy.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionTimesTest {
  static final Instant CREATED = Instant.parse("2026-11-24T12:00:00Z");
  static final Limits LIMITS =
      Limits.defaults()
          .withSessions(10, 2)
          .withCallsPerMinute(60)
          .withToolTimeout(Duration.ofSeconds(30))
          .withMaxOutputBytes(1024)
          .withSandboxTiming(Duration.ofSeconds(3600), Duration.ofSeconds(900));

  @Test
  void theSessionTtlNeverExceedsThePolicys() {
    ItmcpSession s = Fixtures.session("s", "p", "u");
    assertThat(SessionTimes.ttl(s, LIMITS)).isEqualTo(Duration.ofSeconds(3600));
    s.getSpec().setTtlSeconds(60L);
    assertThat(SessionTimes.ttl(s, LIMITS)).isEqualTo(Duration.ofSeconds(60));
    s.getSpec().setTtlSeconds(999_999L);
    assertThat(SessionTimes.ttl(s, LIMITS)).isEqualTo(Duration.ofSeconds(3600));
    s.getSpec().setTtlSeconds(-5L);
    assertThat(SessionTimes.ttl(s, LIMITS)).isEqualTo(Duration.ofSeconds(3600));
  }

  @Test
  void idleCountsFromTheLastActivityButAFutureTimestampCannotPostponeIt() {
    Instant now = CREATED.plusSeconds(600);
    assertThat(SessionTimes.idleDeadline(CREATED, Optional.empty(), LIMITS, now))
        .contains(CREATED.plusSeconds(900));
    assertThat(
            SessionTimes.idleDeadline(CREATED, Optional.of(CREATED.plusSeconds(500)), LIMITS, now))
        .contains(CREATED.plusSeconds(1400));
    assertThat(
            SessionTimes.idleDeadline(
                CREATED, Optional.of(CREATED.plusSeconds(86_400)), LIMITS, now))
        .contains(now.plusSeconds(900));
    assertThat(
            SessionTimes.idleDeadline(
                CREATED, Optional.of(CREATED.minusSeconds(86_400)), LIMITS, now))
        .contains(CREATED.plusSeconds(900));
  }

  @Test
  void timestampsParseStrictlyAndGarbageIsIgnored() {
    assertThat(SessionTimes.parse("2026-11-24T12:00:00Z")).contains(CREATED);
    assertThat(SessionTimes.parse("2026-11-24T13:00:00+01:00")).contains(CREATED);
    assertThat(SessionTimes.parse("yesterday")).isEmpty();
    assertThat(SessionTimes.parse(null)).isEmpty();
    assertThat(SessionTimes.secondsLeft(CREATED.plusMillis(1500), CREATED)).isEqualTo(2);
    assertThat(SessionTimes.secondsLeft(CREATED.minusSeconds(5), CREATED)).isEqualTo(1);
  }
}
