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

  /** This record, saying which MCP era and protocol version the request used. */
  public AuditEvent inEra(String era, String protocolVersion) {
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

  /** This record, naming the sandbox the call ran (or would have run) in. */
  public AuditEvent inSandbox(String sandbox) {
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

  /** This record, naming the W3C trace the call belongs to. */
  public AuditEvent withTraceId(String traceId) {
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

  /**
   * This record, saying that a person's approval was asked and what the answer was ({@link
   * Approval}).
   */
  public AuditEvent withApproval(String newApproval) {
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
        newApproval);
  }

  /** A record of a call that needed no approval. */
  public AuditEvent(
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
      String traceId) {
    this(
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
        null);
  }

  /** A record without a trace id. */
  public AuditEvent(
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
      String sandbox) {
    this(
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
        null);
  }

  /** A tool call recorded in one record: a refusal, or (older callers) a call after it ended. */
  public AuditEvent(
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
      long outputBytes) {
    this(
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
        decision == Decision.ALLOWED ? Phase.COMPLETION : Phase.REFUSAL,
        null,
        false,
        TOOLS_CALL);
  }

  /** A record whose era, protocol version and sandbox are not known. */
  public AuditEvent(
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
      String method) {
    this(
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
        null,
        null,
        null);
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
