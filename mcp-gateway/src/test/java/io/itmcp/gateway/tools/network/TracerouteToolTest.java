package io.itmcp.gateway.tools.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * traceroute_tool's argv, policy checks, deadline, exit statuses, and the reading of its output.
 */
class TracerouteToolTest {
  private static final EffectivePolicy POLICY =
      TestPolicies.builder()
          .tools(ToolName.TRACEROUTE)
          .hosts("db.example.com", "127.0.0.1", "2001:db8::/64", "web.example.com:443")
          .toolTimeoutSeconds(60)
          .build();
  private final TracerouteTool tool = new TracerouteTool();

  @Test
  void udpIsTheDefaultAndIcmpAddsDashI() {
    assertThat(tool.plan(Map.of("target", "DB.example.com."), POLICY).argv())
        .containsExactly(
            "traceroute.db", "-n", "-q", "3", "-w", "2", "-m", "15", "--", "db.example.com");
    assertThat(
            tool.plan(Map.of("target", "2001:DB8::0:7", "protocol", "icmp", "max_hops", 30), POLICY)
                .argv())
        .containsExactly(
            "traceroute.db", "-n", "-I", "-q", "3", "-w", "2", "-m", "30", "--", "2001:db8::7");
    assertThat(
            tool.plan(Map.of("target", "127.0.0.1", "protocol", "UDP", "max_hops", "1"), POLICY)
                .argv())
        .containsExactly("traceroute.db", "-n", "-q", "3", "-w", "2", "-m", "1", "--", "127.0.0.1");
  }

  @Test
  void theDeadlineCoversEverySilentHopAndThePolicyBoundsIt() {
    // measured: 30 silent hops take 12 s (16 probes in flight, 2 s each round)
    assertThat(TracerouteTool.deadline(30)).isEqualTo(Duration.ofSeconds(29));
    assertThat(TracerouteTool.deadline(1)).isEqualTo(Duration.ofSeconds(9));
    ToolPlan plan = tool.plan(Map.of("target", "127.0.0.1", "max_hops", 30), POLICY);
    assertThat(plan.effectiveTimeout(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    assertThat(plan.longRunning()).isTrue();
    assertThat(plan.endsAtDeadline()).isFalse();
  }

  @Test
  void anEntryWithAPortAllowsNoTracerouteAndTheRefusalSaysWhy() {
    assertThatThrownBy(() -> tool.plan(Map.of("target", "web.example.com"), POLICY))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("ping and traceroute need an entry without a port")
        .hasMessageContaining(
            "allowed: the hosts db.example.com, 127.0.0.1, 2001:db8::/64, web.example.com:443");
  }

  @Test
  void tcpIsNotOffered() {
    assertThat(tool.inputSchema().toString()).contains("enum=[udp, icmp]");
    assertThatThrownBy(() -> tool.plan(Map.of("target", "127.0.0.1", "protocol", "tcp"), POLICY))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessageContaining("udp, icmp");
  }

  @Test
  void exitZeroIsTheAnswerEvenWhenNothingAnsweredAndAnythingElseIsAFailure() {
    assertThat(tool.failureToRun(new ExecResult(0, " 1  * * *\n", "", false, false, 1))).isEmpty();
    assertThat(
            tool.failureToRun(
                new ExecResult(
                    2, "", "db.example.com: Name or service not known", false, false, 1)))
        .hasValueSatisfying(
            why -> assertThat(why).contains("traceroute could not probe the path (exit 2)"));
    assertThat(tool.failureToRun(new ExecResult(-1, "", "", false, true, 1))).isEmpty();
  }

  @Test
  void readsHopsAddressesTimesLossesAndFlags() {
    String out =
        """
        traceroute to db.example.com (192.0.2.10), 15 hops max, 60 byte packets
         1  10.0.0.1  0.412 ms  0.380 ms  0.371 ms
         2  * * *
         3  198.51.100.1  5.102 ms !H  198.51.100.9  5.3 ms *
         4  192.0.2.10  7.1 ms  7.0 ms  6.9 ms
        """;
    Map<String, Object> fields = TracerouteHops.read(out);
    assertThat(fields).containsEntry("destination", "192.0.2.10").containsEntry("reached", true);
    assertThat(fields.get("hops"))
        .isEqualTo(
            List.of(
                Map.of(
                    "hop",
                    1,
                    "address",
                    "10.0.0.1",
                    "rttMs",
                    List.of(0.412, 0.380, 0.371),
                    "lost",
                    0),
                Map.of("hop", 2, "rttMs", List.of(), "lost", 3),
                Map.of(
                    "hop",
                    3,
                    "address",
                    "198.51.100.1",
                    "addresses",
                    List.of("198.51.100.1", "198.51.100.9"),
                    "rttMs",
                    List.of(5.102, 5.3),
                    "lost",
                    1,
                    "flags",
                    List.of("!H")),
                Map.of(
                    "hop",
                    4,
                    "address",
                    "192.0.2.10",
                    "rttMs",
                    List.of(7.1, 7.0, 6.9),
                    "lost",
                    0)));
  }

  @Test
  void anUnreachedDestinationIsSaidSo() {
    Map<String, Object> fields =
        TracerouteHops.read(
            """
        traceroute to 2001:db8::7 (2001:db8::7), 2 hops max, 80 byte packets
         1  2001:db8::1  0.5 ms  0.4 ms  0.4 ms
         2  * * *
        """);
    assertThat(fields).containsEntry("destination", "2001:db8::7").containsEntry("reached", false);
    assertThat((List<?>) fields.get("hops")).hasSize(2);
  }

  @Test
  void outputThatIsNotTracerouteYieldsNoHopsAndNoGuesses() {
    for (String hostile :
        List.of(
            "",
            "traceroute to evil (not-an-ip), 1 hops max\n 1  evil.example.com  1 ms\n",
            " 1  127.0.0.1; rm -rf /  0.1 ms\n",
            " 1  999.1.1.1  0.1 ms\n",
            " 1  127.0.0.1  1e308 ms\n",
            " 1  127.0.0.1  99999999999 ms\n",
            "1234 127.0.0.1 0.1 ms\n",
            " 1  127.0.0.1  0.1 ms\u202e\n",
            " 1  <script>  0.1 ms\n",
            "x".repeat(100_000))) {
      Map<String, Object> fields = TracerouteHops.read(hostile);
      assertThat((List<?>) fields.get("hops"))
          .as(hostile.length() > 80 ? "long" : hostile)
          .isEmpty();
      assertThat(fields).doesNotContainKey("reached");
    }
  }

  @Test
  void readsAtMostSixtyFourHopsOfTenProbes() {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= 500; i++) {
      out.append(String.format(" %d  127.0.0.1%s%n", i % 999, "  0.1 ms".repeat(50)));
    }
    List<?> hops = (List<?>) TracerouteHops.read(out.toString()).get("hops");
    assertThat(hops).hasSize(TracerouteHops.MAX_HOPS);
    assertThat((List<?>) ((Map<?, ?>) hops.get(0)).get("rttMs")).hasSize(TracerouteHops.MAX_PROBES);
  }

  @Test
  void theSchemaDescribesTheFieldsTheReaderFills() {
    assertThat(tool.structuredProperties()).containsOnlyKeys("destination", "reached", "hops");
  }
}
