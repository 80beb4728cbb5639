package io.itmcp.gateway.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One tool call as the audit sees it, before it is chained.
 *
 * @param time when the call arrived
 * @param user authenticated user
 * @param groups the user's groups
 * @param session MCP session id
 * @param tool MCP tool name, e.g. {@code cat_tool}
 * @param arguments arguments as sent (secrets are redacted when the record is written)
 * @param argv the argv that ran or would have run; empty when refused before it was built
 * @param decision allowed, denied or failed
 * @param reason why it was denied or failed; null when allowed
 * @param exitCode exit status; null when nothing ran
 * @param durationMs wall time of the whole call
 * @param outputBytes stdout plus stderr bytes returned
 * @param sandbox the sandbox the call ran (or would have run) in, e.g. the ItmcpSession name;
 *     null where sandboxes are per command (local runtime) or before the policy was known
 */
public record AuditEvent(
    Instant time,
    String user,
    List<String> groups,
    String session,
    String tool,
    Map<String, Object> arguments,
    List<String> argv,
    Decision decision,
    String reason,
    Integer exitCode,
    long durationMs,
    long outputBytes,
    String sandbox) {

  /** A record without a named sandbox. */
  public AuditEvent(Instant time, String user, List<String> groups, String session, String tool,
      Map<String, Object> arguments, List<String> argv, Decision decision, String reason, Integer exitCode,
      long durationMs, long outputBytes) {
    this(time, user, groups, session, tool, arguments, argv, decision, reason, exitCode, durationMs, outputBytes, null);
  }

  public AuditEvent {
    groups = List.copyOf(groups);
    argv = List.copyOf(argv);
    arguments = arguments == null ? Map.of() : arguments;
  }

  /** What happened to the call. */
  public enum Decision {
    ALLOWED, DENIED, FAILED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
