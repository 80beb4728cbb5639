package io.itmcp.gateway.runtime;

/** Why a session's sandbox did not become Ready. */
public enum StartFailure {
  /** The operator refused the session: maxSessions or maxSessionsPerUser of the policy reached. */
  QUOTA_EXCEEDED("session quota exceeded"),
  /** The sandbox image could not be pulled. */
  IMAGE_PULL("sandbox image could not be pulled"),
  /** No node can run the sandbox pod (resources, node selector, tolerations). */
  UNSCHEDULABLE("sandbox pod cannot be scheduled"),
  /**
   * A volume of the sandbox pod cannot be mounted or attached (a missing ssh Secret, a claim in use
   * elsewhere).
   */
  VOLUME_MOUNT("a volume of the sandbox pod cannot be mounted"),
  /** The operator marked the session Failed or Expired, or the pod failed. */
  FAILED("session failed"),
  /** The session or its pod was deleted while we waited. */
  DELETED("session was deleted"),
  /** Nothing decisive happened before the deadline. */
  TIMEOUT("sandbox not ready before the deadline");

  private final String summary;

  StartFailure(String summary) {
    this.summary = summary;
  }

  public String summary() {
    return summary;
  }
}
