package io.itmcp.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.audit.AuditEvent.Phase;
import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.McpServerFactory;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.StdioGatewayFixture;
import io.itmcp.gateway.testing.TestPolicies;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call of a tool the gateway does not have, over stdio in both eras: answered with the tools the
 * policy enables (never the SDK's fixed "Unknown tool: invalid_tool_name"), audited as a refusal,
 * nothing run; a disabled tool is still the policy check's to refuse.
 */
class StdioUnknownToolTest {

  private static final String EXPECTED =
      "Unknown tool: invalid_tool_name; the tools enabled by policy 'test-policy'"
          + " are ping_tool, cat_tool (tools/list describes them)";

  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private final MemoryAuditSink audit = new MemoryAuditSink();
  private final SessionRegistry sessions =
      new SessionRegistry(runtime, TestPolicies.defaultPolicy());

  @AfterEach
  void close() {
    sessions.close();
  }

  @Test
  void legacyEra() throws Exception {
    Map<String, JsonNode> answers =
        serve(
            PipedStdio.LEGACY_INITIALIZE
                + "\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"invalid_tool_name\","
                + "\"arguments\":{\"token\":\"x\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"ssh_tool\",\"arguments\":{}}}\n");

    assertUnknownToolAnswer(answers.get("2"));
    assertThat(answers.get("2").get("id").isNumber()).as("the id as the client sent it").isTrue();
    assertThat(answers.get("3").at("/result/content/0/text").asText())
        .contains("ssh_tool is not enabled");
    assertThat(audit.events)
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.phase()).isEqualTo(Phase.REFUSAL);
              assertThat(e.decision()).isEqualTo(Decision.DENIED);
            });
    assertThat(audit.events.get(0).reason())
        .isEqualTo(
            "refused: unknown tool 'invalid_tool_name' (rule unknownTool);"
                + " enabled by policy 'test-policy': [ping_tool, cat_tool]");
    assertThat(audit.events.get(0).era()).isEqualTo("legacy");
    assertThat(runtime.executed).isEmpty();
  }

  @Test
  void modernEra() throws Exception {
    Map<String, JsonNode> answers =
        serve(
            "{\"jsonrpc\":\"2.0\",\"id\":\"u\",\"method\":\"tools/call\",\"params\":{\"name\":\"invalid_tool_name\","
                + "\"arguments\":{},"
                + PipedStdio.MODERN_META
                + "}}\n");

    assertUnknownToolAnswer(answers.get("u"));
    assertThat(answers.get("u").get("id").isTextual()).isTrue();
    assertThat(audit.events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.tool()).isEqualTo("invalid_tool_name");
              assertThat(e.user()).isEqualTo("localuser");
              assertThat(e.decision()).isEqualTo(Decision.DENIED);
              assertThat(e.era()).isEqualTo("modern");
              assertThat(e.protocolVersion()).isEqualTo("2026-07-28");
            });
    assertThat(runtime.executed).isEmpty();
  }

  private static void assertUnknownToolAnswer(JsonNode answer) {
    assertThat(answer.at("/error/code").asInt()).as(answer.toString()).isEqualTo(-32602);
    assertThat(answer.at("/error/message").asText()).isEqualTo(EXPECTED);
    assertThat(answer.at("/error/data/tool").asText()).isEqualTo("invalid_tool_name");
    assertThat(answer.at("/error/data/availableTools"))
        .extracting(JsonNode::asText)
        .containsExactly("ping_tool", "cat_tool");
  }

  private Map<String, JsonNode> serve(String input) throws Exception {
    InFlightCalls inFlight = new InFlightCalls();
    McpServerFactory factory =
        StdioGatewayFixture.factory(TestPolicies.defaultPolicy(), sessions, audit, inFlight);
    return PipedStdio.answers(PipedStdio.serve(factory, inFlight, input, Duration.ofSeconds(30)));
  }
}
