package io.itmcp.gateway.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PingOutputTest {

  @Test
  void aReplyCountedTwiceOrEarlyStillRanToItsEnd() {
    assertThatCode(
            () ->
                PingOutput.assertRanToItsEndAnswered(
                    "--- 127.0.0.1 ping statistics ---\n"
                        + "2 packets transmitted, 3 received, 0% packet loss, time 1002ms\n"))
        .doesNotThrowAnyException();
  }

  @Test
  void noStatisticsOrNoAnswerFails() {
    assertThatThrownBy(
            () -> PingOutput.assertRanToItsEndAnswered("64 bytes from 127.0.0.1: icmp_seq=1\n"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(
            () ->
                PingOutput.assertRanToItsEndAnswered(
                    "1 packets transmitted, 0 received, 100% packet loss, time 0ms\n"))
        .isInstanceOf(AssertionError.class);
  }
}
