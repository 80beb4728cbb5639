package io.itmcp.gateway.approval;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.InputResponses;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Modern era (2026-07-28), multi-round-trip: the first request is answered with {@code resultType:
 * "input_required"}, an elicitation form and a request state that holds the call's binding ({@link
 * ApprovalRequest#binding()}), an id and the time it was asked. The SDK seals that state with an
 * HMAC (bound to the caller, the method and the tool) and opens it on the retry, so a changed state
 * never reaches this class; here the retry must carry the same binding (the same call), arrive
 * within the approval timeout, and not reuse an approval already spent.
 */
public final class MrtrApprover implements Approver {

  /**
   * How long after the timeout a spent approval is remembered (the SDK's state lifetime is
   * shorter).
   */
  public static final Duration STATE_LIFETIME =
      io.itmcp.policy.ApprovalPolicy.MAX_TIMEOUT.plusMinutes(1);

  private final McpRequestContext ctx;
  private final McpSchema.CallToolRequest request;
  private final McpJsonMapper json;
  private final Clock clock;
  private final UsedApprovals spent;
  private String askId;

  public MrtrApprover(
      McpRequestContext ctx,
      McpSchema.CallToolRequest request,
      McpJsonMapper json,
      Clock clock,
      UsedApprovals spent) {
    this.ctx = ctx;
    this.request = request;
    this.json = json;
    this.clock = clock;
    this.spent = spent;
  }

  /** The state a retry carries (after the SDK opened and verified it). */
  record State(int v, String binding, String id, long askedAt) {}

  @Override
  public String askId() {
    return askId;
  }

  @Override
  public ApprovalOutcome decide(ApprovalRequest r) {
    String opened = request.requestState();
    if (opened == null) {
      if (ctx.clientCapabilities() == null || !ctx.clientCapabilities().supportsElicitationForm()) {
        return ApprovalRefusals.clientCannotAsk(r);
      }
      askId = UUID.randomUUID().toString();
      State state = new State(1, r.binding(), askId, clock.millis());
      McpSchema.InputRequiredResult ask =
          McpSchema.InputRequiredResult.builder()
              .elicit(
                  ApprovalForm.INPUT_KEY,
                  McpSchema.ElicitFormRequest.builder(r.question(), ApprovalForm.SCHEMA).build())
              .requestState(write(state))
              .build();
      return new ApprovalOutcome.Pending(ask, askId);
    }
    State state = read(opened);
    if (state == null || state.v() != 1 || state.id() == null || state.binding() == null) {
      return ApprovalRefusals.notForThisCall(r, "cannot be read");
    }
    askId = state.id();
    if (!state.binding().equals(r.binding())) {
      return ApprovalRefusals.notForThisCall(
          r, "was given for a different call (other arguments, command, policy" + " or user)");
    }
    long now = clock.millis();
    if (now - state.askedAt() > r.timeout().toMillis()) {
      return ApprovalRefusals.timedOut(r);
    }
    McpSchema.ElicitResult answer;
    try {
      answer =
          InputResponses.get(
              request.inputResponses(), ApprovalForm.INPUT_KEY, McpSchema.ElicitResult.class, json);
    } catch (RuntimeException e) {
      return ApprovalRefusals.failed(
          r,
          "the answer under inputResponses['"
              + ApprovalForm.INPUT_KEY
              + "'] is not an elicitation result");
    }
    if (answer == null) {
      return ApprovalRefusals.failed(
          r, "the retry carried no answer under inputResponses['" + ApprovalForm.INPUT_KEY + "']");
    }
    ApprovalOutcome outcome =
        ApprovalForm.outcome(
            r,
            answer.action() == null ? null : ApprovalForm.Action.valueOf(answer.action().name()),
            answer.content());
    if (outcome instanceof ApprovalOutcome.Approved
        && !spent.spend(state.id(), now, state.askedAt() + STATE_LIFETIME.toMillis())) {
      return ApprovalRefusals.notForThisCall(r, "was already spent on an earlier run of this call");
    }
    return outcome;
  }

  private String write(State state) {
    try {
      return json.writeValueAsString(
          Map.of(
              "v",
              state.v(),
              "binding",
              state.binding(),
              "id",
              state.id(),
              "askedAt",
              state.askedAt()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the approval state could not be written", e);
    }
  }

  private State read(String text) {
    try {
      Map<?, ?> m = json.readValue(text, Map.class);
      return new State(
          m.get("v") instanceof Number n ? n.intValue() : 0,
          m.get("binding") instanceof String b ? b : null,
          m.get("id") instanceof String i ? i : null,
          m.get("askedAt") instanceof Number t ? t.longValue() : Long.MAX_VALUE);
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}
