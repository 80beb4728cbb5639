package io.itmcp.gateway.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditEvent.Approval;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.runtime.kubernetes.MutableClock;
import io.itmcp.gateway.testing.FakeTools;
import io.itmcp.gateway.testing.HttpHarness;
import io.itmcp.gateway.testing.ModernClients;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.ApprovalPolicy;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person approves calls the policy marks ({@code spec.approval}), asked through the client: the
 * legacy era by {@code elicitation/create} (Java SDK legacy client), the modern era by a
 * multi-round-trip result (Java SDK 2.2.0 modern client). Every answer but "approve" refuses, and
 * nothing runs; the audit says that approval was asked and what the answer was.
 */
class ApprovalHttpTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T05:00:00Z"));
  private final ProcessSandboxRuntime runtime = new ProcessSandboxRuntime();
  private final List<McpSchema.ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
  private HttpHarness h;
  private Path file;

  @BeforeEach
  void start() throws Exception {
    EffectivePolicy policy =
        TestPolicies.defaultPolicy()
            .withApproval(new ApprovalPolicy(EnumSet.of(ToolName.CAT), List.of(), WAIT));
    h = new HttpHarness(policy, FakeTools.catalog(), runtime, clock);
    file = Files.writeString(tmp.resolve("approved.txt"), "the approved file\n");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private McpSyncClient legacyClient(Function<McpSchema.ElicitFormRequest, ElicitResult> person) {
    McpSyncClient c =
        h.client(
            HttpHarness.ALICE_TOKEN,
            spec ->
                spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                    .elicitation(
                        request -> {
                          asked.add(request);
                          return person.apply(request);
                        }));
    c.initialize();
    return c;
  }

  private CallToolResult catFile(McpSyncClient c) {
    return c.callTool(new CallToolRequest("cat_tool", Map.of("file_path", file.toString())));
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  private List<AuditEvent> audited() {
    return List.copyOf(h.audit.events);
  }

  @Test
  void legacyApprovedCallRunsAndTheQuestionShowsToolArgvAndTarget() {
    try (McpSyncClient c =
        legacyClient(
            q ->
                ElicitResult.builder(ElicitResult.Action.ACCEPT)
                    .content(Map.of(ApprovalForm.FIELD, true))
                    .build())) {
      CallToolResult r = catFile(c);

      assertThat(r.isError()).as(String.valueOf(r)).isFalse();
      assertThat(r.structuredContent()).asString().contains("the approved file");
      assertThat(asked).hasSize(1);
      String question = asked.get(0).message();
      assertThat(question)
          .contains(
              "Policy 'test-policy'",
              "(rule approval.tools)",
              "Tool: cat_tool",
              "Target: " + file,
              "Command: cat -- " + file);
      assertThat(asked.get(0).requestedSchema())
          .containsEntry("required", List.of(ApprovalForm.FIELD));
      assertThat(runtime.executed).containsExactly(List.of("cat", "--", file.toString()));
      assertThat(audited())
          .extracting(AuditEvent::phase, AuditEvent::decision, AuditEvent::approval)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  AuditEvent.Phase.INTENT, Decision.ALLOWED, Approval.APPROVED),
              org.assertj.core.groups.Tuple.tuple(
                  AuditEvent.Phase.COMPLETION, Decision.ALLOWED, Approval.APPROVED));
    }
  }

  @Test
  void legacyDeclinedCallIsRefusedNamingTheRuleAndNothingRuns() {
    try (McpSyncClient c =
        legacyClient(q -> ElicitResult.builder(ElicitResult.Action.DECLINE).build())) {
      CallToolResult r = catFile(c);

      assertRefused(r, "the person declined it", Approval.DECLINED);
    }
  }

  @Test
  void legacyAcceptedFormThatSaysFalseIsADecline() {
    try (McpSyncClient c =
        legacyClient(
            q ->
                ElicitResult.builder(ElicitResult.Action.ACCEPT)
                    .content(Map.of(ApprovalForm.FIELD, false))
                    .build())) {
      assertRefused(catFile(c), "the person declined it", Approval.DECLINED);
    }
  }

  @Test
  void legacyCancelledQuestionRefuses() {
    try (McpSyncClient c =
        legacyClient(q -> ElicitResult.builder(ElicitResult.Action.CANCEL).build())) {
      assertRefused(catFile(c), "dismissed the question without approving", Approval.CANCELLED);
    }
  }

  @Test
  void legacyClientWithoutElicitationIsRefusedUnasked() {
    try (McpSyncClient c = h.client(HttpHarness.ALICE_TOKEN)) {
      c.initialize();
      CallToolResult r = catFile(c);

      assertRefused(r, "this MCP client cannot ask its user", Approval.CLIENT_CANNOT_ASK);
      assertThat(text(r))
          .contains("allowed: this call from a client that declares the elicitation capability");
    }
  }

  @Test
  void legacyQuestionNobodyAnswersTimesOutOnTheGatewayClock() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (McpSyncClient c =
        legacyClient(
            q -> {
              try {
                never.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return ElicitResult.builder(ElicitResult.Action.ACCEPT)
                  .content(Map.of(ApprovalForm.FIELD, true))
                  .build();
            })) {
      CompletableFuture<CallToolResult> call = CompletableFuture.supplyAsync(() -> catFile(c));
      await().atMost(Duration.ofSeconds(20)).until(() -> asked.size() == 1);
      assertThat(call).isNotDone();
      clock.advance(WAIT.plusSeconds(1));

      CallToolResult r = call.get(20, TimeUnit.SECONDS);

      assertRefused(r, "no answer came within 30s", Approval.TIMED_OUT);
    } finally {
      never.countDown();
    }
  }

  @Test
  void callsThePolicyDoesNotMarkRunUnasked() {
    try (McpSyncClient c =
        legacyClient(q -> ElicitResult.builder(ElicitResult.Action.DECLINE).build())) {
      CallToolResult r = c.callTool(new CallToolRequest("ping_tool", Map.of("count", 1)));

      assertThat(asked).isEmpty();
      assertThat(audited()).allSatisfy(e -> assertThat(e.approval()).isNull());
      assertThat(r.isError()).as(String.valueOf(r)).isFalse();
    }
  }

  private void assertRefused(CallToolResult r, String why, String answer) {
    assertThat(r.isError()).isTrue();
    assertThat(text(r))
        .startsWith(
            "refused cat_tool call 'cat -- " + file + "' under policy 'test-policy' because")
        .contains(why, "(rule approval.tools)", "; allowed: ");
    assertThat(runtime.executed).isEmpty();
    assertThat(audited())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.phase()).isEqualTo(AuditEvent.Phase.REFUSAL);
              assertThat(e.decision()).isEqualTo(Decision.DENIED);
              assertThat(e.approval()).isEqualTo(answer);
              assertThat(e.reason()).isEqualTo(text(r));
              assertThat(e.argv()).containsExactly("cat", "--", file.toString());
            });
  }

  // ---- modern era (2026-07-28), multi-round-trip ----

  private io.modelcontextprotocol.modern.client.McpSyncClient modern() {
    return ModernClients.http(h.baseUrl() + "/mcp", HttpHarness.ALICE_TOKEN);
  }

  private io.modelcontextprotocol.modern.client.McpSyncClient.ToolSpec modernCat(
      io.modelcontextprotocol.modern.client.McpSyncClient c) {
    return c.tool("cat_tool").arguments(Map.of("file_path", file.toString()));
  }

  private static io.modelcontextprotocol.modern.McpSchema.ElicitResult modernAnswer(
      io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action action, Boolean approve) {
    return new io.modelcontextprotocol.modern.McpSchema.ElicitResult(
        action, approve == null ? null : Map.of(ApprovalForm.FIELD, approve));
  }

  private static String modernText(io.modelcontextprotocol.modern.McpSchema.CallToolResult r) {
    return ((io.modelcontextprotocol.modern.McpSchema.TextContent) r.content().get(0)).text();
  }

  @Test
  void modernApprovedCallRunsOnTheRetryAndItsRecordsPairWithTheQuestion() {
    List<String> questions = new CopyOnWriteArrayList<>();
    io.modelcontextprotocol.modern.McpSchema.CallToolResult r =
        modernCat(modern())
            .formElicitation(
                q -> {
                  questions.add(q.message());
                  return modernAnswer(
                      io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action.ACCEPT, true);
                })
            .call();

    assertThat(r.isError()).as(String.valueOf(r)).isFalse();
    assertThat(questions)
        .singleElement()
        .asString()
        .contains("Command: cat -- " + file, "(rule approval.tools)");
    assertThat(runtime.executed).containsExactly(List.of("cat", "--", file.toString()));
    List<AuditEvent> events = audited();
    assertThat(events)
        .extracting(AuditEvent::phase, AuditEvent::approval)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AuditEvent.Phase.APPROVAL, Approval.ASKED),
            org.assertj.core.groups.Tuple.tuple(AuditEvent.Phase.INTENT, Approval.APPROVED),
            org.assertj.core.groups.Tuple.tuple(AuditEvent.Phase.COMPLETION, Approval.APPROVED));
    assertThat(events).extracting(AuditEvent::callId).containsOnly(events.get(0).callId());
    assertThat(events).extracting(AuditEvent::era).containsOnly("modern");
  }

  @Test
  void modernDeclineAndCancelRefuse() {
    io.modelcontextprotocol.modern.McpSchema.CallToolResult declined =
        modernCat(modern())
            .formElicitation(
                q ->
                    modernAnswer(
                        io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action.DECLINE, null))
            .call();
    io.modelcontextprotocol.modern.McpSchema.CallToolResult cancelled =
        modernCat(modern())
            .formElicitation(
                q ->
                    modernAnswer(
                        io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action.CANCEL, null))
            .call();

    assertThat(declined.isError()).isTrue();
    assertThat(modernText(declined)).contains("the person declined it", "(rule approval.tools)");
    assertThat(cancelled.isError()).isTrue();
    assertThat(modernText(cancelled)).contains("dismissed the question", "(rule approval.tools)");
    assertThat(runtime.executed).isEmpty();
    assertThat(audited())
        .filteredOn(e -> e.phase() == AuditEvent.Phase.REFUSAL)
        .extracting(AuditEvent::approval)
        .containsExactly(Approval.DECLINED, Approval.CANCELLED);
  }

  @Test
  void modernClientWithoutElicitationIsRefusedUnasked() {
    io.modelcontextprotocol.modern.McpSchema.CallToolResult r = modernCat(modern()).call();

    assertThat(r.isError()).isTrue();
    assertThat(modernText(r))
        .contains("this MCP client cannot ask its user", "(rule approval.tools)");
    assertThat(runtime.executed).isEmpty();
    assertThat(audited())
        .singleElement()
        .extracting(AuditEvent::approval)
        .isEqualTo(Approval.CLIENT_CANNOT_ASK);
  }

  @Test
  void modernAnswerAfterTheTimeoutIsRefused() {
    io.modelcontextprotocol.modern.McpSchema.CallToolResult r =
        modernCat(modern())
            .formElicitation(
                q -> {
                  clock.advance(WAIT.plusSeconds(1));
                  return modernAnswer(
                      io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action.ACCEPT, true);
                })
            .call();

    assertThat(r.isError()).isTrue();
    assertThat(modernText(r)).contains("no answer came within 30s");
    assertThat(runtime.executed).isEmpty();
    assertThat(audited())
        .extracting(AuditEvent::approval)
        .containsExactly(Approval.ASKED, Approval.TIMED_OUT);
  }

  private io.modelcontextprotocol.modern.McpSchema.InputRequiredResult ask(
      io.modelcontextprotocol.modern.client.McpSyncClient c) {
    var first =
        modernCat(c)
            .formElicitation(
                q ->
                    modernAnswer(
                        io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action.DECLINE, null))
            .callOnce();
    assertThat(first)
        .isInstanceOf(io.modelcontextprotocol.modern.McpSchema.InputRequiredResult.class);
    return (io.modelcontextprotocol.modern.McpSchema.InputRequiredResult) first;
  }

  private static Map<String, Object> approveAnswer() {
    return Map.of(
        ApprovalForm.INPUT_KEY,
        Map.of("action", "accept", "content", Map.of(ApprovalForm.FIELD, true)));
  }

  @Test
  void modernApprovalOfOneCallCannotApproveAnother() throws Exception {
    var c = modern();
    var question = ask(c);
    Path other = Files.writeString(tmp.resolve("other.txt"), "another file\n");

    var r =
        c.tool("cat_tool")
            .arguments(Map.of("file_path", other.toString()))
            .formElicitation(
                q ->
                    modernAnswer(
                        io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action.DECLINE, null))
            .requestState(question.requestState())
            .inputResponses(approveAnswer())
            .callOnce();

    assertThat(r).isInstanceOf(io.modelcontextprotocol.modern.McpSchema.CallToolResult.class);
    var result = (io.modelcontextprotocol.modern.McpSchema.CallToolResult) r;
    assertThat(result.isError()).isTrue();
    assertThat(modernText(result)).contains("was given for a different call");
    assertThat(runtime.executed).isEmpty();
    assertThat(audited())
        .last()
        .extracting(AuditEvent::approval)
        .isEqualTo(Approval.NOT_FOR_THIS_CALL);
  }

  @Test
  void modernApprovalRunsItsCallOnceOnly() {
    var c = modern();
    var question = ask(c);
    var once =
        modernCat(c)
            .formElicitation(
                q ->
                    modernAnswer(
                        io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action.DECLINE, null))
            .requestState(question.requestState())
            .inputResponses(approveAnswer())
            .callOnce();
    var again =
        modernCat(c)
            .formElicitation(
                q ->
                    modernAnswer(
                        io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action.DECLINE, null))
            .requestState(question.requestState())
            .inputResponses(approveAnswer())
            .callOnce();

    assertThat(((io.modelcontextprotocol.modern.McpSchema.CallToolResult) once).isError())
        .isFalse();
    assertThat(modernText((io.modelcontextprotocol.modern.McpSchema.CallToolResult) again))
        .contains("was already spent on an earlier run of this call");
    assertThat(runtime.executed).hasSize(1);
  }

  @Test
  void modernTamperedRequestStateIsRefusedAndNothingRuns() {
    var c = modern();
    var question = ask(c);
    String state = question.requestState();
    int dot = state.lastIndexOf('.');
    // a different payload under the original MAC
    String payload = state.substring(0, dot);
    char flipped = payload.charAt(5) == 'A' ? 'B' : 'A';
    String tampered =
        payload.substring(0, 5) + flipped + payload.substring(6) + state.substring(dot);

    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                modernCat(c)
                    .formElicitation(
                        q ->
                            modernAnswer(
                                io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action
                                    .DECLINE,
                                null))
                    .requestState(tampered)
                    .inputResponses(approveAnswer())
                    .callOnce());

    assertThat(thrown).isNotNull().hasMessageContaining("Invalid or expired requestState");
    assertThat(runtime.executed).isEmpty();
  }

  @Test
  void replicasSharingTheKeyOpenEachOthersQuestionsAndOthersDoNot() throws Exception {
    byte[] shared =
        "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] other =
        "fedcba9876543210fedcba9876543210".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    EffectivePolicy policy =
        TestPolicies.defaultPolicy()
            .withApproval(new ApprovalPolicy(EnumSet.of(ToolName.CAT), List.of(), WAIT));
    try (HttpHarness a = new HttpHarness(policy, FakeTools.catalog(), runtime, clock, shared);
        HttpHarness b = new HttpHarness(policy, FakeTools.catalog(), runtime, clock, shared);
        HttpHarness c = new HttpHarness(policy, FakeTools.catalog(), runtime, clock, other)) {
      var question = ask(ModernClients.http(a.baseUrl() + "/mcp", HttpHarness.ALICE_TOKEN));
      var atB =
          modernCat(ModernClients.http(b.baseUrl() + "/mcp", HttpHarness.ALICE_TOKEN))
              .formElicitation(
                  q ->
                      modernAnswer(
                          io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action.DECLINE,
                          null))
              .requestState(question.requestState())
              .inputResponses(approveAnswer())
              .callOnce();
      Throwable atC =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  modernCat(ModernClients.http(c.baseUrl() + "/mcp", HttpHarness.ALICE_TOKEN))
                      .formElicitation(
                          q ->
                              modernAnswer(
                                  io.modelcontextprotocol.modern.McpSchema.ElicitResult.Action
                                      .DECLINE,
                                  null))
                      .requestState(question.requestState())
                      .inputResponses(approveAnswer())
                      .callOnce());

      assertThat(((io.modelcontextprotocol.modern.McpSchema.CallToolResult) atB).isError())
          .isFalse();
      assertThat(atC).hasMessageContaining("Invalid or expired requestState");
      assertThat(runtime.executed).hasSize(1);
    }
  }
}
