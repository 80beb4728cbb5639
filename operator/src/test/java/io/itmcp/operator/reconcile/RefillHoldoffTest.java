package io.itmcp.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefillHoldoffTest {
  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  static final RefillHoldoff ONE_SECOND = new RefillHoldoff(Duration.ofSeconds(1));

  static Instant ago(long millis) {
    return NOW.minusMillis(millis);
  }

  @Test
  void aRecentClaimHoldsItsReplacementOffUntilTheDelayAfterIt() {
    assertThat(ONE_SECOND.due(1, List.of(ago(300)), NOW)).contains(ago(300).plusSeconds(1));
  }

  @Test
  void aBurstRefillsTogetherADelayAfterItsLastClaim() {
    assertThat(ONE_SECOND.due(3, List.of(ago(100), ago(900), ago(500), ago(60_000)), NOW))
        .contains(ago(100).plusSeconds(1));
  }

  @Test
  void claimsWithoutPauseHoldTheRefillAtMostFiveDelaysAfterTheOldestItReplaces() {
    // a claim every 0.8 s for 4.8 s: never a quiet second, and the oldest replaced is 4.8 s old
    List<Instant> claims =
        List.of(ago(0), ago(800), ago(1600), ago(2400), ago(3200), ago(4000), ago(4800));
    assertThat(ONE_SECOND.due(7, claims, NOW)).contains(ago(4800).plusSeconds(5));
    assertThat(ONE_SECOND.due(7, claims, NOW.plusMillis(200))).isEmpty();
    // replacing only the newer claims, the quiet second comes first
    assertThat(ONE_SECOND.due(2, claims, NOW)).contains(NOW.plusSeconds(1));
  }

  @Test
  void aClaimOlderThanTheDelayRefillsAtOnce() {
    assertThat(ONE_SECOND.due(1, List.of(ago(1000)), NOW)).isEmpty();
    assertThat(ONE_SECOND.due(2, List.of(ago(100), ago(5000)), NOW)).isEmpty();
  }

  @Test
  void aShortfallNotMadeByClaimsRefillsAtOnce() {
    // the first fill, or a pool pod that failed or was deleted: fewer claims than missing pods
    assertThat(ONE_SECOND.due(2, List.of(), NOW)).isEmpty();
    assertThat(ONE_SECOND.due(2, List.of(ago(100)), NOW)).isEmpty();
  }

  @Test
  void nothingMissingOrNoDelayMeansNoHoldoff() {
    assertThat(ONE_SECOND.due(0, List.of(ago(100)), NOW)).isEmpty();
    assertThat(new RefillHoldoff(Duration.ZERO).due(1, List.of(NOW), NOW)).isEmpty();
  }

  @Test
  void aNegativeDelayIsRefused() {
    assertThatThrownBy(() -> new RefillHoldoff(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }
}
