package io.itmcp.api.v1alpha1;

import java.time.Duration;

/**
 * What the operator and the gateway both depend on when they meet at an ItmcpSession: the one home
 * for these names, so that a rename on one side cannot silently break the other. The operator owns
 * the session's status, pod and network rules; the gateway owns the session's spec and the {@link
 * #LAST_ACTIVITY_ANNOTATION} annotation. Object names are in {@link SessionNaming}.
 */
public final class SessionContract {

  /**
   * On the session's pod and network rules: the ItmcpSession name; the operator selects its pods by
   * it.
   */
  public static final String SESSION_LABEL = ApiGroup.GROUP + "/session";

  /**
   * On an ItmcpSession (gateway, as a {@link SessionNaming#labelValue label value}) and its pod
   * (operator).
   */
  public static final String POLICY_LABEL = ApiGroup.GROUP + "/policy";

  /**
   * On an ItmcpSession: the caller's user name as a {@link SessionNaming#labelValue label value}.
   */
  public static final String USER_LABEL = ApiGroup.GROUP + "/user";

  /**
   * On an ItmcpSession: the MCP client's name as a {@link SessionNaming#labelValue label value}.
   */
  public static final String CLIENT_LABEL = ApiGroup.GROUP + "/client";

  /**
   * The gateway merge-patches this annotation on the ItmcpSession after a tool call with the call's
   * time in RFC 3339 UTC, seconds precision ({@code 2026-11-24T21:30:00Z}), at most once per {@link
   * #activityReportInterval}. The operator copies it to {@code status.lastActivityTime}, ignores a
   * value in the future (it counts as now) or that does not parse, and ends the session when {@code
   * max(creation, last activity) + idleTimeout} has passed.
   */
  public static final String LAST_ACTIVITY_ANNOTATION = ApiGroup.GROUP + "/last-activity";

  public static final Duration MAX_ACTIVITY_REPORT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration MIN_ACTIVITY_REPORT_INTERVAL = Duration.ofSeconds(1);

  /** The operator's finalizer on every ItmcpSession: it removes the pod and network rules first. */
  public static final String FINALIZER = ApiGroup.GROUP + "/session-cleanup";

  /** The container of the session pod that tool commands run in. */
  public static final String SANDBOX_CONTAINER = "sandbox";

  /** The container of the session pod with packet-capture capabilities (tcpdump only). */
  public static final String CAPTURE_CONTAINER = "capture";

  /** Where the operator mounts the policy's ssh Secret in the sandbox container (read-only). */
  public static final String SSH_MOUNT_PATH = "/var/run/itmcp/ssh";

  /** The key of the ssh Secret holding the private key ssh_tool uses. */
  public static final String SSH_PRIVATE_KEY_FILE = "id_ed25519";

  /** The key of the ssh Secret holding the host keys ssh_tool checks against. */
  public static final String SSH_KNOWN_HOSTS_FILE = "known_hosts";

  /** Condition types the operator sets on an ItmcpSession. */
  public static final String CONDITION_POLICY_RESOLVED = "PolicyResolved";

  public static final String CONDITION_EGRESS_READY = "EgressReady";
  public static final String CONDITION_POD_READY = "PodReady";
  public static final String CONDITION_READY = "Ready";

  /**
   * The reason of the Ready condition (and of the event) when the operator refuses a session over
   * {@code limits.maxSessions}; the gateway reports it to the caller as a quota refusal, not as a
   * broken sandbox.
   */
  public static final String REASON_QUOTA_EXCEEDED = "QuotaExceeded";

  /**
   * Reasons of a False PodReady condition that the operator copies from the kubelet's Warning
   * Events on the pod when a volume cannot be mounted or attached (a missing ssh Secret, a
   * ReadWriteOnce claim attached elsewhere). The kubelet retries, so the session waits; the gateway
   * names the volume problem if its ready timeout passes first.
   */
  public static final java.util.Set<String> VOLUME_WAITING_REASONS =
      java.util.Set.of("FailedMount", "FailedAttachVolume", "FailedMapVolume");

  private SessionContract() {}

  /**
   * How often the gateway reports activity of a session with this idle timeout: a quarter of it,
   * between {@link #MIN_ACTIVITY_REPORT_INTERVAL} and {@link #MAX_ACTIVITY_REPORT_INTERVAL}, so the
   * operator's view lags by at most a quarter of the idle timeout (null or zero: no idle expiry,
   * the maximum).
   */
  public static Duration activityReportInterval(Duration idleTimeout) {
    if (idleTimeout == null || idleTimeout.isZero() || idleTimeout.isNegative()) {
      return MAX_ACTIVITY_REPORT_INTERVAL;
    }
    Duration quarter = idleTimeout.dividedBy(4);
    Duration interval =
        quarter.compareTo(MAX_ACTIVITY_REPORT_INTERVAL) < 0
            ? quarter
            : MAX_ACTIVITY_REPORT_INTERVAL;
    return interval.compareTo(MIN_ACTIVITY_REPORT_INTERVAL) < 0
        ? MIN_ACTIVITY_REPORT_INTERVAL
        : interval;
  }
}
