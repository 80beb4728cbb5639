package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlineArgvTest {

  @Test
  void theArgvFollowsTheDeadlineWrapperAndItsOptionsUnchanged() {
    List<String> argv = List.of("ping", "-c", "4", "--", "db.example.com");

    assertThat(DeadlineArgv.wrap(argv, Duration.ofSeconds(30), Duration.ofSeconds(2)))
        .containsExactly(
            "itmcp-deadline",
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
}
