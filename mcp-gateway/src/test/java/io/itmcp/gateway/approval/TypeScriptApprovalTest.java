package io.itmcp.gateway.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditEvent.Approval;
import io.itmcp.gateway.runtime.kubernetes.MutableClock;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.HttpHarness;
import io.itmcp.gateway.testing.NodeClient;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.ApprovalPolicy;
import io.itmcp.policy.EffectivePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The official TypeScript MCP SDK client (legacy era, Streamable HTTP) with an elicitation handler
 * that approves, declines, cancels or never answers, and without the capability.
 */
class TypeScriptApprovalTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T05:00:00Z"));
  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private HttpHarness h;
  private Path file;

  @BeforeEach
  void start() throws Exception {
    NodeClient.require();
    EffectivePolicy policy =
        TestPolicies.defaultPolicy()
            .withApproval(new ApprovalPolicy(EnumSet.of(ToolName.CAT), List.of(), WAIT));
    h = new HttpHarness(policy, FakeTools.catalog(), runtime, clock);
    file = Files.writeString(tmp.resolve("ts-approved.txt"), "approved through typescript\n");
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private JsonNode call(String answer) throws Exception {
    return NodeClient.runScript(
        "approval.mjs",
        List.of(
            h.baseUrl() + "/mcp",
            HttpHarness.ALICE_TOKEN,
            answer,
            "cat_tool",
            "{\"file_path\":\"" + file + "\"}"));
  }

  @Test
  void approvedCallRuns() throws Exception {
    JsonNode out = call("accept");

    assertThat(out.path("ok").asBoolean()).as(out.toString()).isTrue();
    assertThat(out.at("/result/isError").asBoolean()).as(out.toString()).isFalse();
    assertThat(out.at("/result/structuredContent/stdout").asText())
        .isEqualTo("approved through typescript\n");
    assertThat(out.at("/questions/0/message").asText())
        .contains("Tool: cat_tool", "Command: cat -- " + file);
    assertThat(runtime.executed).hasSize(1);
    assertThat(h.audit.events)
        .extracting(AuditEvent::approval)
        .containsExactly(Approval.APPROVED, Approval.APPROVED);
  }

  @ParameterizedTest
  @CsvSource({
    "decline, the person declined it, declined",
    "cancel, dismissed the question without approving, cancelled",
    "none, this MCP client cannot ask its user, client-cannot-ask"
  })
  void everyOtherAnswerRefuses(String answer, String why, String audited) throws Exception {
    JsonNode out = call(answer);

    assertThat(out.at("/result/isError").asBoolean()).as(out.toString()).isTrue();
    assertThat(out.at("/result/text").asText())
        .contains(why, "(rule approval.tools)", "; allowed: ");
    assertThat(runtime.executed).isEmpty();
    assertThat(h.audit.events).singleElement().extracting(AuditEvent::approval).isEqualTo(audited);
  }

  @Test
  void questionNeverAnsweredTimesOut() throws Exception {
    // the gateway's clock runs fast while the client sits on the question
    ScheduledExecutorService ticking = Executors.newSingleThreadScheduledExecutor();
    ticking.scheduleAtFixedRate(
        () -> clock.advance(Duration.ofSeconds(5)), 100, 100, TimeUnit.MILLISECONDS);
    try {
      JsonNode out = call("never");

      assertThat(out.path("questions")).hasSize(1);
      assertThat(out.at("/result/isError").asBoolean()).as(out.toString()).isTrue();
      assertThat(out.at("/result/text").asText()).contains("no answer came within 30s");
      assertThat(runtime.executed).isEmpty();
      assertThat(h.audit.events)
          .singleElement()
          .extracting(AuditEvent::approval)
          .isEqualTo(Approval.TIMED_OUT);
    } finally {
      ticking.shutdownNow();
    }
  }
}
