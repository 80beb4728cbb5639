package io.itmcp.gateway.server;

import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.audit.AuditEvent.Phase;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.auth.Identity;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits what the MCP SDK or a transport refuses before any tool handler runs: a tools/call
 * naming a tool the gateway does not have (the SDK answers it), and an initialize refused (session
 * limits, policy access). Each is one refusal record; nothing ran.
 */
public final class ProtocolAudit {

  private static final Logger LOG = LoggerFactory.getLogger(ProtocolAudit.class);

  private final AuditSink audit;
  private final Clock clock;
  private final Set<String> knownTools;
  private final Identity transportlessIdentity;
  private io.itmcp.gateway.observe.GatewayMetrics metrics;

  /**
   * @param knownTools every tool the MCP server has a handler for (disabled ones too: their
   *     refusal is audited by the handler)
   * @param transportlessIdentity the caller when the transport carries none (stdio); may be null
   */
  public ProtocolAudit(AuditSink audit, Clock clock, Set<String> knownTools, Identity transportlessIdentity) {
    this.audit = audit;
    this.clock = clock;
    this.knownTools = Set.copyOf(knownTools);
    this.transportlessIdentity = transportlessIdentity;
  }

  /** Counts the calls to unknown tools in these metrics too. */
  public ProtocolAudit countingIn(io.itmcp.gateway.observe.GatewayMetrics metrics) {
    this.metrics = metrics;
    return this;
  }

  /** Records the call when it names a tool the server has no handler for; the SDK answers it. */
  public void toolCallSeen(JsonRpcInspector.Inspected msg, String sessionId, Identity identity) {
    if (!msg.isToolCall() || msg.toolName() != null && knownTools.contains(msg.toolName())) {
      return;
    }
    String reason = "refused: unknown tool " + (msg.toolName() == null ? "(no name given)" : "'" + msg.toolName() + "'")
        + "; this gateway has: " + knownTools.stream().sorted().toList();
    if (metrics != null) {
      metrics.toolCallEnded(msg.toolName(), Decision.DENIED, io.itmcp.gateway.observe.RefusalRule.UNKNOWN_TOOL, null);
    }
    record(identity, sessionId, msg.toolName(), msg.toolArguments(), AuditEvent.TOOLS_CALL, reason);
  }

  /** Records an initialize that was refused before a session existed. */
  public void initializeRefused(Identity identity, String reason) {
    record(identity, null, null, Map.of(), AuditEvent.INITIALIZE, reason.startsWith("refused") ? reason : "refused: " + reason);
  }

  private void record(Identity identity, String sessionId, String tool, Map<String, Object> arguments, String method,
      String reason) {
    Identity who = identity != null ? identity : transportlessIdentity;
    AuditEvent event = new AuditEvent(clock.instant(), who == null ? null : who.user(),
        who == null ? List.of() : who.groups(), sessionId, tool, arguments, List.of(), Decision.DENIED, reason, null, 0,
        0, Phase.REFUSAL, UUID.randomUUID().toString(), false, method);
    try {
      audit.record(event);
    } catch (RuntimeException e) {
      LOG.error("AUDIT RECORD LOST for refused {} by {}: {}", method, event.user(), e.toString());
    }
  }
}
