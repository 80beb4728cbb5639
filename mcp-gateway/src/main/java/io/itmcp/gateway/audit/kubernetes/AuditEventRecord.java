package io.itmcp.gateway.audit.kubernetes;

import java.util.Objects;

/**
 * The part of one tool call's audit record that may go into a Kubernetes Event. The gateway builds
 * it at the same place it writes the JSON audit line, from the same values.
 *
 * <p>Contract: {@code target} is the host, file or interface the call was about (already validated,
 * never a credential); {@code reason} is a short human reason without argument values beyond the
 * target (for a refusal: the rule, e.g. "host not in allowedHosts"; for a failure: what failed,
 * e.g. "deadline 30s exceeded"). Never put raw arguments, commands, passwords or tokens in here:
 * Events are readable by anyone who may read events in the sandbox namespace.
 *
 * @param sessionName the ItmcpSession the call ran in
 * @param tool the tool name, e.g. {@code ping_tool}
 * @param target the target, or null when the tool has none (ps, top)
 * @param decision allowed, denied or failed
 * @param reason short reason, may be null for an allowed call
 */
public record AuditEventRecord(
    String sessionName, String tool, String target, AuditDecision decision, String reason) {
  public AuditEventRecord {
    Objects.requireNonNull(sessionName, "sessionName");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(decision, "decision");
  }
}
