package io.itmcp.gateway.approval;

import io.itmcp.gateway.audit.AuditEvent.Approval;
import io.itmcp.policy.Refusal;

/**
 * The refusals of a call that needed approval and did not get it: what, which rule, what is
 * allowed.
 */
public final class ApprovalRefusals {

  private ApprovalRefusals() {}

  public static ApprovalOutcome.Refused clientCannotAsk(ApprovalRequest r) {
    return refused(
        r,
        Approval.CLIENT_CANNOT_ASK,
        "the policy needs a person's approval for it and this MCP client"
            + " cannot ask its user (it did not declare the elicitation capability, form mode)",
        "this call from a client that declares the elicitation capability (form mode), so that it can ask its user;"
            + " calls the policy does not mark for approval");
  }

  public static ApprovalOutcome.Refused declined(ApprovalRequest r) {
    return refused(r, Approval.DECLINED, "the person declined it", approvedWhenAsked(r));
  }

  public static ApprovalOutcome.Refused cancelled(ApprovalRequest r) {
    return refused(
        r,
        Approval.CANCELLED,
        "the person dismissed the question without approving",
        approvedWhenAsked(r));
  }

  public static ApprovalOutcome.Refused timedOut(ApprovalRequest r) {
    return refused(
        r,
        Approval.TIMED_OUT,
        "no answer came within " + r.timeout().toSeconds() + "s",
        approvedWhenAsked(r));
  }

  public static ApprovalOutcome.Refused failed(ApprovalRequest r, String why) {
    return refused(
        r, Approval.FAILED, "the approval could not be had: " + why, approvedWhenAsked(r));
  }

  public static ApprovalOutcome.Refused notForThisCall(ApprovalRequest r, String why) {
    return refused(
        r,
        Approval.NOT_FOR_THIS_CALL,
        "the approval it carries " + why,
        "a call with the approval given for exactly that call, once; call again without requestState to be asked");
  }

  private static String approvedWhenAsked(ApprovalRequest r) {
    return "this call once a person approves it when asked (within "
        + r.timeout().toSeconds()
        + "s)";
  }

  private static ApprovalOutcome.Refused refused(
      ApprovalRequest r, String answer, String why, String allowed) {
    String what =
        r.tool()
            + " call "
            + Refusal.quote(r.commandLine())
            + " under policy "
            + Refusal.quote(r.policy())
            + " because "
            + why;
    return new ApprovalOutcome.Refused(answer, new Refusal(what, r.rule(), allowed).message());
  }
}
