package io.itmcp.gateway.approval;

import java.util.List;
import java.util.Map;

/**
 * The elicitation form both eras send: one required boolean, {@code approve}. Only an accepted form
 * with {@code approve: true} approves; anything else refuses.
 */
public final class ApprovalForm {

  public static final String FIELD = "approve";

  /** The key of the input request in a modern input-required result. */
  public static final String INPUT_KEY = "itmcp_approval";

  public static final Map<String, Object> SCHEMA =
      Map.of(
          "type", "object",
          "properties",
              Map.of(
                  FIELD,
                  Map.of(
                      "type", "boolean",
                      "title", "Approve this call",
                      "description",
                          "true runs exactly the command shown, once; false refuses it")),
          "required", List.of(FIELD));

  /** The action of an elicitation answer, in either era's enum, by name. */
  public enum Action {
    ACCEPT,
    DECLINE,
    CANCEL
  }

  private ApprovalForm() {}

  /** The outcome of an answer to the form. */
  public static ApprovalOutcome outcome(
      ApprovalRequest request, Action action, Map<String, Object> content) {
    if (action == null) {
      return ApprovalRefusals.failed(request, "the answer had no action");
    }
    return switch (action) {
      case DECLINE -> ApprovalRefusals.declined(request);
      case CANCEL -> ApprovalRefusals.cancelled(request);
      case ACCEPT -> {
        Object approve = content == null ? null : content.get(FIELD);
        if (Boolean.TRUE.equals(approve)) {
          yield new ApprovalOutcome.Approved();
        }
        yield approve instanceof Boolean
            ? ApprovalRefusals.declined(request)
            : ApprovalRefusals.failed(
                request, "the accepted form did not say approve: true or false");
      }
    };
  }
}
