package io.itmcp.gateway.auth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.runtime.kubernetes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecisionCacheTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T21:00:00Z"));

  @Test
  void entriesExpireAfterTheTtl() {
    DecisionCache<Boolean> cache = new DecisionCache<>(Duration.ofSeconds(30), 10, clock);
    cache.put("k", true);
    clock.advance(Duration.ofSeconds(29));
    assertThat(cache.get("k")).contains(true);
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get("k")).isEmpty();
  }

  @Test
  void theLeastRecentlyUsedEntryGoesWhenFull() {
    DecisionCache<Boolean> cache = new DecisionCache<>(Duration.ofSeconds(30), 2, clock);
    cache.put("a", true);
    cache.put("b", true);
    cache.get("a");
    cache.put("c", false);

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("b")).isEmpty();
    assertThat(cache.get("a")).contains(true);
    assertThat(cache.get("c")).contains(false);
  }

  @Test
  void aZeroTtlCachesNothing() {
    DecisionCache<Boolean> cache = new DecisionCache<>(Duration.ZERO, 2, clock);
    cache.put("a", true);
    assertThat(cache.get("a")).isEmpty();
  }

  @Test
  void tokensAreKeptOnlyAsTheirSha256() {
    assertThat(TokenDigest.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
