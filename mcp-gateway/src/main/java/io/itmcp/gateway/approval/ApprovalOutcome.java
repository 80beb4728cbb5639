package io.itmcp.gateway.approval;

/**
 * What came of asking: approved, refused (with the answer and the message for the caller), or still
 * asking.
 */
public sealed interface ApprovalOutcome {

  /** A person approved this exact call. */
  record Approved() implements ApprovalOutcome {}

  /**
   * The call must not run.
   *
   * @param answer the audit's answer ({@link io.itmcp.gateway.audit.AuditEvent.Approval})
   * @param reason the refusal as the caller reads it
   */
  record Refused(String answer, String reason) implements ApprovalOutcome {}

  /**
   * The question went out in the response (modern era); the answer comes with a retry.
   *
   * @param response what the tool call answers now (the SDK's input-required result)
   * @param askId the id the retry carries back, under which the call's records pair
   */
  record Pending(Object response, String askId) implements ApprovalOutcome {}
}
