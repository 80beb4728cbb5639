package io.itmcp.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InFlightCallsTest {

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void aClientsCancellationInterruptsOnlyItsCallAndSaysSo() {
    InFlightCalls calls = new InFlightCalls();
    try (InFlightCalls.Handle handle = calls.register("s1", "7")) {
      assertThat(calls.cancel("s2", "7")).as("another session's request 7").isFalse();
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
      assertThat(calls.cancel("s1", "7")).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(handle.cancelReason()).isEqualTo(InFlightCalls.CANCELLED_BY_CLIENT);
    }
    assertThat(Thread.currentThread().isInterrupted())
        .as("closing the handle clears a late interrupt")
        .isFalse();
  }

  @Test
  void cancelAllInterruptsTheRunningCallsWithItsReason() {
    InFlightCalls calls = new InFlightCalls();
    try (InFlightCalls.Handle handle = calls.register(null, "slow")) {
      assertThat(calls.cancelAll("the client closed stdin")).isEqualTo(1);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(handle.cancelReason()).isEqualTo("the client closed stdin");
    }
  }

  @Test
  void aCallThatStartsAfterCancelAllIsCancelledAsItStarts() {
    // stdio: a call read before stdin ended but only dispatched after the drain limit (a busy
    // machine) would otherwise run on after the gateway had stopped waiting for it
    InFlightCalls calls = new InFlightCalls();
    assertThat(calls.cancelAll("the client closed stdin")).isZero();
    try (InFlightCalls.Handle handle = calls.register(null, "late")) {
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(handle.cancelReason()).isEqualTo("the client closed stdin");
    }
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aNotificationWithoutARequestIdIsNeverCancelled() {
    InFlightCalls calls = new InFlightCalls();
    calls.cancelAll("the client closed stdin");
    try (InFlightCalls.Handle handle = calls.register(null, null)) {
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
      assertThat(handle.cancelReason()).isEqualTo(InFlightCalls.CANCELLED_BY_CLIENT);
    }
  }

  @Test
  void aCallIsUnfinishedUntilItsHandleClosesEvenAfterItsProcessRegistrationEnded()
      throws Exception {
    InFlightCalls calls = new InFlightCalls();
    InFlightCalls.Unfinished call = calls.begin();
    calls.register(null, "7").close();

    assertThat(calls.awaitAllFinished(Duration.ZERO))
        .as("the process ended, the completion is not yet written")
        .isFalse();
    call.close();
    assertThat(calls.awaitAllFinished(Duration.ZERO)).isTrue();
  }
}
