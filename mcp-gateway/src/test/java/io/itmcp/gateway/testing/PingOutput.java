package io.itmcp.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real ping's output as the tests read it. Tests and sandboxes ping 127.0.0.1 at the same time,
 * and a sandboxed ping in its own PID namespace can carry another's ICMP identifier, so one ping
 * may count another's reply: seen on a loaded machine as "2 packets transmitted, 3 received" for
 * {@code -c 3}, which stops early once it counts three replies. What a test may rely on is that
 * ping ran to its end (it prints the statistics last) and was answered, not its arithmetic.
 */
public final class PingOutput {

  private static final Pattern STATISTICS =
      Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

  private PingOutput() {}

  /** Ping printed its closing statistics, with at least one packet sent and one answered. */
  public static void assertRanToItsEndAnswered(String stdout) {
    Matcher statistics = STATISTICS.matcher(stdout);
    assertThat(statistics.find()).as("ping's closing statistics in:%n%s", stdout).isTrue();
    assertThat(Integer.parseInt(statistics.group(1))).as(stdout).isPositive();
    assertThat(Integer.parseInt(statistics.group(2))).as(stdout).isPositive();
  }
}
