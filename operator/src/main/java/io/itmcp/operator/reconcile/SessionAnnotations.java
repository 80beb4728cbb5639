package io.itmcp.operator.reconcile;

/**
 * The activity-reporting contract with the gateway. The gateway owns this annotation on the
 * ItmcpSession (the operator owns the status): after a tool call it sets
 * {@code itmcp.io/last-activity} to the call's time in RFC 3339 UTC ({@code 2026-11-24T21:30:00Z})
 * with a JSON merge patch on metadata, at most once per {@link #REPORT_INTERVAL_SECONDS} seconds
 * per session. The operator copies it to {@code status.lastActivityTime}, ignores a value in the
 * future (it counts as now) or that does not parse, and ends the session when
 * {@code max(creation, last activity) + idleTimeout} has passed.
 */
public final class SessionAnnotations {
  public static final String LAST_ACTIVITY = "itmcp.io/last-activity";
  public static final int REPORT_INTERVAL_SECONDS = 30;

  private SessionAnnotations() {
  }
}
