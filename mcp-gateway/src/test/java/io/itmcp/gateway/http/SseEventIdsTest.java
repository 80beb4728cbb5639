package io.itmcp.gateway.http;

import static io.itmcp.gateway.testing.HttpHarness.ALICE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.HttpHarness;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.RawHttp;
import io.itmcp.gateway.testing.TestPolicies;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SSE event ids are unique per event (issue 16, part 2, item 11). */
class SseEventIdsTest {

  @Test
  void everyEventOfEveryStreamOfASessionHasItsOwnId() throws Exception {
    try (HttpHarness harness =
        new HttpHarness(
            TestPolicies.policy(EnumSet.of(ToolName.PING), TestPolicies.limits(3, 600)),
            FakeTools.catalog(),
            new ProcessSandboxRuntime(),
            null,
            64 * 1024)) {
      String url = harness.baseUrl() + "/mcp";
      String session =
          RawHttp.post(
                  url, RawHttp.initializeBody(1), Map.of("Authorization", "Bearer " + ALICE_TOKEN))
              .headers()
              .firstValue("Mcp-Session-Id")
              .orElseThrow();
      Map<String, String> inSession =
          Map.of("Authorization", "Bearer " + ALICE_TOKEN, "Mcp-Session-Id", session);
      RawHttp.post(
          url, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", inSession);
      List<String> ids = new ArrayList<>();
      for (int i = 2; i < 4; i++) {
        ids.addAll(
            eventIds(
                RawHttp.post(
                        url,
                        "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/list\"}",
                        inSession)
                    .body()));
      }
      String call =
          "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"ping_tool\","
              + "\"arguments\":{\"target\":\"127.0.0.1\",\"count\":2},\"_meta\":{\"progressToken\":\"p\"}}}";
      List<String> callIds = eventIds(RawHttp.post(url, call, inSession).body());
      assertThat(callIds).as("progress notifications and the result").hasSizeGreaterThan(1);
      ids.addAll(callIds);
      assertThat(ids).doesNotHaveDuplicates().doesNotContain(session).allMatch(id -> !id.isBlank());
    }
  }

  @Test
  void onlyTheSessionIdIsReplacedAndOnlyAsAWholeIdLine() throws Exception {
    StringWriter sink = new StringWriter();
    try (PrintWriter out = new PrintWriter(new SseEventIds(new PrintWriter(sink), "s-1"))) {
      out.write("id: s-1\n");
      out.write("event: message\n");
      out.write("data: {\"note\":\"id: s-1\"}\n\n");
      out.write("id: stream_uuid-7\n");
      out.write("id: s-1\n");
      out.flush();
    }
    List<String> lines = sink.toString().lines().toList();
    assertThat(lines.get(0)).matches("id: [0-9a-f-]{36}_1");
    assertThat(lines.get(2)).isEqualTo("data: {\"note\":\"id: s-1\"}");
    assertThat(lines.get(4)).isEqualTo("id: stream_uuid-7");
    assertThat(lines.get(5)).matches("id: [0-9a-f-]{36}_2");
  }

  private static List<String> eventIds(String sse) {
    return sse.lines().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).trim()).toList();
  }
}
