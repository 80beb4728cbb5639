package io.itmcp.gateway.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One audit record before it is chained: the intent of a call that is about to run, the completion
 * of a call that ran, or a refusal (a call or an initialize refused before anything ran, which is
 * complete in one record).
 *
 * @param time when the call arrived
 * @param user authenticated user
 * @param groups the user's groups
 * @param session MCP session id
 * @param tool MCP tool name, e.g. {@code cat_tool}; for a refused initialize null
 * @param arguments arguments as sent (secrets are redacted when the record is written)
 * @param argv the argv that ran or would have run; empty when refused before it was built
 * @param decision allowed, denied or failed
 * @param reason why it was denied or failed; null when allowed
 * @param exitCode exit status; null when nothing ran
 * @param durationMs wall time of the whole call
 * @param outputBytes stdout plus stderr bytes returned
 * @param phase intent, completion or refusal
 * @param callId the id that pairs a call's intent with its completion
 * @param truncated whether the output was cut at the policy's cap (completions)
 * @param method the MCP request, {@code tools/call} or {@code initialize}
 * @param era {@code legacy} or {@code modern}: the MCP era of the request; null in records written
 *     before the gateway spoke both
 * @param protocolVersion the MCP protocol version of the request; null when the client did not say
 * @param sandbox the sandbox the call ran (or would have run) in, e.g. the ItmcpSession name; null
 *     where sandboxes are per command (local runtime) or before the policy was known
 * @param traceId the W3C trace id of the call (32 hex digits) when it has one; null otherwise
 * @param approval for a call the policy marks for a person's approval ({@code spec.approval}): that
 *     approval was asked and the answer ({@link Approval}); null for calls that need none
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
    Phase phase,
    String callId,
    boolean truncated,
    String method,
    String era,
    String protocolVersion,
    String sandbox,
    String traceId,
    String approval) {

  public static final String TOOLS_CALL = "tools/call";
  public static final String INITIALIZE = "initialize";

  public AuditEvent {
    groups = List.copyOf(groups);
    argv = List.copyOf(argv);
    arguments = arguments == null ? Map.of() : arguments;
    phase = phase == null ? Phase.REFUSAL : phase;
    method = method == null ? TOOLS_CALL : method;
  }

  /** A record built field by field; what is not set is null, zero or false. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this record's fields, to derive a record that differs in a few. */
  public Builder toBuilder() {
    return new Builder()
        .time(time)
        .user(user)
        .groups(groups)
        .session(session)
        .tool(tool)
        .arguments(arguments)
        .argv(argv)
        .decision(decision)
        .reason(reason)
        .exitCode(exitCode)
        .durationMs(durationMs)
        .outputBytes(outputBytes)
        .phase(phase)
        .callId(callId)
        .truncated(truncated)
        .method(method)
        .era(era)
        .protocolVersion(protocolVersion)
        .sandbox(sandbox)
        .traceId(traceId)
        .approval(approval);
  }

  /** The fields of an {@link AuditEvent}, named; see the record's parameters for each. */
  public static final class Builder {
    private Instant time;
    private String user;
    private List<String> groups = List.of();
    private String session;
    private String tool;
    private Map<String, Object> arguments;
    private List<String> argv = List.of();
    private Decision decision;
    private String reason;
    private Integer exitCode;
    private long durationMs;
    private long outputBytes;
    private Phase phase;
    private String callId;
    private boolean truncated;
    private String method;
    private String era;
    private String protocolVersion;
    private String sandbox;
    private String traceId;
    private String approval;

    private Builder() {}

    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder groups(List<String> groups) {
      this.groups = groups;
      return this;
    }

    public Builder session(String session) {
      this.session = session;
      return this;
    }

    public Builder tool(String tool) {
      this.tool = tool;
      return this;
    }

    public Builder arguments(Map<String, Object> arguments) {
      this.arguments = arguments;
      return this;
    }

    public Builder argv(List<String> argv) {
      this.argv = argv;
      return this;
    }

    public Builder decision(Decision decision) {
      this.decision = decision;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder exitCode(Integer exitCode) {
      this.exitCode = exitCode;
      return this;
    }

    public Builder durationMs(long durationMs) {
      this.durationMs = durationMs;
      return this;
    }

    public Builder outputBytes(long outputBytes) {
      this.outputBytes = outputBytes;
      return this;
    }

    public Builder phase(Phase phase) {
      this.phase = phase;
      return this;
    }

    public Builder callId(String callId) {
      this.callId = callId;
      return this;
    }

    public Builder truncated(boolean truncated) {
      this.truncated = truncated;
      return this;
    }

    public Builder method(String method) {
      this.method = method;
      return this;
    }

    public Builder era(String era) {
      this.era = era;
      return this;
    }

    public Builder protocolVersion(String protocolVersion) {
      this.protocolVersion = protocolVersion;
      return this;
    }

    public Builder sandbox(String sandbox) {
      this.sandbox = sandbox;
      return this;
    }

    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    public Builder approval(String approval) {
      this.approval = approval;
      return this;
    }

    public AuditEvent build() {
      return new AuditEvent(
          time,
          user,
          groups,
          session,
          tool,
          arguments,
          argv,
          decision,
          reason,
          exitCode,
          durationMs,
          outputBytes,
          phase,
          callId,
          truncated,
          method,
          era,
          protocolVersion,
          sandbox,
          traceId,
          approval);
    }
  }

  /** What happened to the call. */
  public enum Decision {
    ALLOWED,
    DENIED,
    FAILED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Which record of a call this is. A call that runs anything has an intent, chained and forced to
   * disk before the process starts, and a completion after it; a refusal stands alone. In the
   * modern era a call that needs a person's approval first ends with an {@code approval} record
   * (the question went to the client); the retry that carries the answer writes the call's other
   * records under the same callId.
   */
  public enum Phase {
    INTENT,
    COMPLETION,
    REFUSAL,
    APPROVAL;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Whether this record closes a call (anything but an intent or a question awaiting its answer).
   */
  public boolean closesCall() {
    return phase != Phase.INTENT && phase != Phase.APPROVAL;
  }

  /** The answers an {@code approval} field can hold. */
  public static final class Approval {
    /** The question went to the client (modern era); the answer comes with the retry. */
    public static final String ASKED = "asked";

    public static final String APPROVED = "approved";
    public static final String DECLINED = "declined";
    public static final String CANCELLED = "cancelled";
    public static final String TIMED_OUT = "timed-out";

    /**
     * The client cannot ask its user (no elicitation capability), so the call was refused unasked.
     */
    public static final String CLIENT_CANNOT_ASK = "client-cannot-ask";

    /** The answer could not be had or read (a client error, a malformed answer). */
    public static final String FAILED = "failed";

    /** The answer came for another call, or for a call already approved once. */
    public static final String NOT_FOR_THIS_CALL = "not-for-this-call";

    private Approval() {}
  }
}
