package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Limits on sessions, call rate, call time and output size. */
@ValidationRule(
    value =
        "!has(self.maxSessions) || !has(self.maxSessionsPerUser) || self.maxSessionsPerUser <= self.maxSessions",
    message = "maxSessionsPerUser must not exceed maxSessions",
    reason = "FieldValueInvalid",
    fieldPath = ".maxSessionsPerUser")
public class LimitsSpec {

  /** Live sessions allowed on this policy. */
  @Min(1)
  @Max(10000)
  private Integer maxSessions;

  /** Live sessions allowed per user on this policy. */
  @Min(1)
  @Max(1000)
  private Integer maxSessionsPerUser;

  /** Tool calls per minute per session. */
  @Min(1)
  @Max(6000)
  private Integer callsPerMinute;

  /** Deadline of one tool call. */
  @Min(1)
  @Max(600)
  private Integer toolTimeoutSeconds;

  /** Output kept per call; the rest is cut and marked truncated. */
  @Min(1024)
  @Max(16777216)
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
