package io.itmcp.gateway.audit.kubernetes;

/** What happened to a tool call, and the Kubernetes Event reason and type it is recorded with. */
public enum AuditDecision {
  /** The policy allowed the call and it ran (whatever its exit code). */
  ALLOWED("ToolCallAllowed", "Normal"),
  /** The policy (or the schema, rate limit, authorization) refused the call; nothing ran. */
  DENIED("ToolCallDenied", "Warning"),
  /** The call was allowed but could not be run or completed (sandbox error, deadline). */
  FAILED("ToolCallFailed", "Warning");

  private final String eventReason;
  private final String eventType;

  AuditDecision(String eventReason, String eventType) {
    this.eventReason = eventReason;
    this.eventType = eventType;
  }

  public String eventReason() {
    return eventReason;
  }

  public String eventType() {
    return eventType;
  }
}
