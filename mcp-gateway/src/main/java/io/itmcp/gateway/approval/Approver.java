package io.itmcp.gateway.approval;

/** Asks a person, through the client of the call, whether a call may run. */
public interface Approver {

  /**
   * @throws InterruptedException when the call is cancelled while the person is being asked
   */
  ApprovalOutcome decide(ApprovalRequest request) throws InterruptedException;

  /**
   * The id of the question this call answers, when it answers one asked in an earlier request
   * (modern era), so that the call's records pair with the record of the question; null otherwise.
   */
  default String askId() {
    return null;
  }

  /** For a transport that cannot ask at all. */
  Approver CANNOT_ASK = request -> ApprovalRefusals.clientCannotAsk(request);
}
