package io.itmcp.gateway.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditEvent.Approval;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.StdioGatewayFixture;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.ApprovalPolicy;
import io.itmcp.policy.EffectivePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approval over stdio (how Claude Desktop and Cline run the gateway), legacy era, in raw JSON-RPC:
 * the gateway sends {@code elicitation/create} on stdout while the call waits, and reads the
 * client's answer from stdin.
 */
class ApprovalStdioTest {

  @TempDir Path tmp;

  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private final MemoryAuditSink audit = new MemoryAuditSink();
  private StdioGatewayFixture stdio;

  @BeforeEach
  void start() throws Exception {
    EffectivePolicy policy =
        TestPolicies.defaultPolicy()
            .withApproval(
                new ApprovalPolicy(EnumSet.of(ToolName.CAT), List.of(), Duration.ofSeconds(30)));
    stdio = StdioGatewayFixture.start(policy, runtime, audit);
  }

  @AfterEach
  void stop() throws Exception {
    stdio.close();
  }

  private void initialize(String capabilities) throws Exception {
    stdio.initialize("2025-11-25", capabilities);
  }

  private Path callCat(String id) throws Exception {
    Path file = Files.writeString(tmp.resolve(id + ".txt"), "approved over stdio\n");
    stdio.send(
        "{\"jsonrpc\":\"2.0\",\"id\":\""
            + id
            + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\","
            + "\"arguments\":{\"file_path\":\""
            + file
            + "\"}}}");
    return file;
  }

  private JsonNode question() throws Exception {
    return stdio.next(
        m -> "elicitation/create".equals(m.path("method").asText()), "elicitation/create");
  }

  private void answer(JsonNode question, String result) throws Exception {
    stdio.send("{\"jsonrpc\":\"2.0\",\"id\":" + question.get("id") + ",\"result\":" + result + "}");
  }

  @Test
  void theQuestionGoesOutOnStdoutAndAnApprovalRunsTheCall() throws Exception {
    initialize("{\"elicitation\":{\"form\":{}}}");
    Path file = callCat("c1");
    JsonNode q = question();
    assertThat(q.at("/params/message").asText())
        .contains("Command: cat -- " + file, "(rule approval.tools)");
    assertThat(q.at("/params/requestedSchema/required/0").asText()).isEqualTo(ApprovalForm.FIELD);
    answer(q, "{\"action\":\"accept\",\"content\":{\"approve\":true}}");

    JsonNode r = stdio.response("c1").get("result");
    assertThat(r.get("isError").asBoolean()).as(r.toString()).isFalse();
    assertThat(r.at("/structuredContent/stdout").asText()).isEqualTo("approved over stdio\n");
    assertThat(audit.events)
        .extracting(AuditEvent::approval)
        .containsExactly(Approval.APPROVED, Approval.APPROVED);
  }

  @Test
  void aDeclineOverStdioRefusesAndNothingRuns() throws Exception {
    initialize("{\"elicitation\":{}}");
    callCat("c2");
    answer(question(), "{\"action\":\"decline\"}");

    JsonNode r = stdio.response("c2").get("result");
    assertThat(r.get("isError").asBoolean()).isTrue();
    assertThat(r.at("/content/0/text").asText()).contains("the person declined it");
    assertThat(runtime.executed).isEmpty();
    assertThat(audit.events)
        .singleElement()
        .extracting(AuditEvent::approval)
        .isEqualTo(Approval.DECLINED);
  }

  @Test
  void aStdioClientWithoutElicitationIsRefusedUnasked() throws Exception {
    initialize("{}");
    callCat("c3");

    JsonNode r = stdio.response("c3").get("result");
    assertThat(r.get("isError").asBoolean()).isTrue();
    assertThat(r.at("/content/0/text").asText()).contains("this MCP client cannot ask its user");
    assertThat(stdio.fromServer)
        .noneMatch(m -> m.has("method") && "elicitation/create".equals(m.get("method").asText()));
    assertThat(runtime.executed).isEmpty();
  }
}
