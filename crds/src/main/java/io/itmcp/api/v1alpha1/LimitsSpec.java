package io.itmcp.api.v1alpha1;


/** Limits on sessions, call rate, call time and output size. */
public class LimitsSpec {

  /** Live sessions allowed on this policy. */
  private Integer maxSessions;
  /** Live sessions allowed per user on this policy. */
  private Integer maxSessionsPerUser;
  /** Tool calls per minute per session. */
  private Integer callsPerMinute;
  /** Deadline of one tool call. */
  private Integer toolTimeoutSeconds;
  /** Output kept per call; the rest is cut and marked truncated. */
  private Long maxOutputBytes;

  public Integer getMaxSessions() {
    return maxSessions;
  }

  public void setMaxSessions(Integer maxSessions) {
    this.maxSessions = maxSessions;
  }

  public Integer getMaxSessionsPerUser() {
    return maxSessionsPerUser;
  }

  public void setMaxSessionsPerUser(Integer maxSessionsPerUser) {
    this.maxSessionsPerUser = maxSessionsPerUser;
  }

  public Integer getCallsPerMinute() {
    return callsPerMinute;
  }

  public void setCallsPerMinute(Integer callsPerMinute) {
    this.callsPerMinute = callsPerMinute;
  }

  public Integer getToolTimeoutSeconds() {
    return toolTimeoutSeconds;
  }

  public void setToolTimeoutSeconds(Integer toolTimeoutSeconds) {
    this.toolTimeoutSeconds = toolTimeoutSeconds;
  }

  public Long getMaxOutputBytes() {
    return maxOutputBytes;
  }

  public void setMaxOutputBytes(Long maxOutputBytes) {
    this.maxOutputBytes = maxOutputBytes;
  }
}
