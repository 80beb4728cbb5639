package io.itmcp.gateway.audit.kubernetes;

import io.itmcp.api.v1alpha1.SessionNaming;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the Event-safe part of an audit record from what the gateway's JSON audit line holds, so
 * both are fed from the same place; pure.
 *
 * <p>What is kept: the ItmcpSession name (derived from the MCP session id exactly as the runtime
 * derives it), the tool, the target argument, and a reason that carries no argument values: for a
 * refusal only the policy rule ("refused by rule allowedHosts"), for an allowed call the exit code.
 * Never the other arguments, the argv, or the refusal's quoted value (an ssh command line may hold
 * a secret).
 */
public final class AuditEventRecords {

  /** Arguments that name what a call is about, in the order they are looked for. */
  static final List<String> TARGET_ARGUMENTS = List.of("target", "file_path", "interface");

  private static final Pattern RULE = Pattern.compile("\\(rule ([A-Za-z][A-Za-z0-9_.-]{0,63})\\)");
  private static final int MAX_FAILURE_REASON = 160;

  private AuditEventRecords() {}

  /**
   * @param mcpSessionId the MCP session id of the audit line
   * @param arguments the call's arguments (only the target is read)
   * @param auditReason the audit line's reason (a Refusal message for denials)
   * @param exitCode the exit status of an allowed call, or null
   */
  public static AuditEventRecord of(
      String mcpSessionId,
      String tool,
      Map<String, ?> arguments,
      AuditDecision decision,
      String auditReason,
      Integer exitCode) {
    return forSession(
        SessionNaming.forMcpSession(mcpSessionId),
        tool,
        arguments,
        decision,
        auditReason,
        exitCode);
  }

  /** The record for a call that ran (or would have run) in the ItmcpSession of that name. */
  public static AuditEventRecord forSession(
      String sessionName,
      String tool,
      Map<String, ?> arguments,
      AuditDecision decision,
      String auditReason,
      Integer exitCode) {
    return new AuditEventRecord(
        sessionName, tool, target(arguments), decision, reason(decision, auditReason, exitCode));
  }

  static String target(Map<String, ?> arguments) {
    if (arguments == null) {
      return null;
    }
    for (String key : TARGET_ARGUMENTS) {
      Object value = arguments.get(key);
      if (value instanceof String text && !text.isBlank()) {
        return io.itmcp.gateway.audit.SecretRedactor.redactText(text);
      }
    }
    return null;
  }

  static String reason(AuditDecision decision, String auditReason, Integer exitCode) {
    return switch (decision) {
      case ALLOWED -> exitCode == null ? null : "exit " + exitCode;
      case DENIED -> {
        Matcher rule = auditReason == null ? null : RULE.matcher(auditReason);
        yield rule != null && rule.find() ? "refused by rule " + rule.group(1) : "refused";
      }
      case FAILED -> auditReason == null ? "failed" : firstClause(auditReason);
    };
  }

  /** Gateway failure texts lead with what failed; details after a colon may quote the cluster. */
  private static String firstClause(String text) {
    int colon = text.indexOf(':');
    String clause = colon > 0 ? text.substring(0, colon) : text;
    return clause.length() > MAX_FAILURE_REASON
        ? clause.substring(0, MAX_FAILURE_REASON) + "…"
        : clause;
  }
}
