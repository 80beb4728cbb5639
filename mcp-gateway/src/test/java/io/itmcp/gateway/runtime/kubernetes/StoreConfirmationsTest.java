package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StoreConfirmationsTest {

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final StoreConfirmations confirmations =
      new StoreConfirmations(nanos::get, Duration.ofSeconds(5));

  @Test
  void aNameNeverComparedIsNotTrusted() {
    assertThat(confirmations.trusted("netops")).isFalse();
  }

  @Test
  void aMatchingVersionIsTrustedForTheWindowAndNoLonger() {
    confirmations.compared("netops", "42", "42");

    nanos.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
    assertThat(confirmations.trusted("netops")).isTrue();
    nanos.incrementAndGet();
    assertThat(confirmations.trusted("netops")).isFalse();
  }

  @Test
  void bothWithoutThePolicyIsAMatch() {
    confirmations.compared("gone", null, null);

    assertThat(confirmations.trusted("gone")).isTrue();
  }

  @Test
  void aStoreBehindTheApiServerEndsTheWindowAtOnce() {
    confirmations.compared("netops", "42", "42");

    confirmations.compared("netops", "43", "42");

    assertThat(confirmations.trusted("netops")).isFalse();
  }

  @Test
  void aStoreStillHoldingADeletedPolicyIsNotTrusted() {
    confirmations.compared("netops", "42", "42");

    confirmations.compared("netops", null, "42");

    assertThat(confirmations.trusted("netops")).isFalse();
  }

  @Test
  void namesAreConfirmedEachOnTheirOwn() {
    confirmations.compared("netops", "42", "42");

    assertThat(confirmations.trusted("dns-checks")).isFalse();
  }
}
