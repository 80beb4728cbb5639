package io.itmcp.gateway.server;

import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.audit.AuditEvent.Phase;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.auth.Identity;
import io.itmcp.policy.EffectivePolicy;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits what is refused before any tool handler runs: a tools/call naming a tool the gateway does
 * not have (answered by the transport with the tools that exist), and an initialize refused
 * (session limits, policy access). Each is one refusal record; nothing ran.
 */
public final class ProtocolAudit {

  private static final Logger LOG = LoggerFactory.getLogger(ProtocolAudit.class);

  private final AuditSink audit;
  private final Clock clock;
  private final List<String> knownTools;
  private final Identity transportlessIdentity;
  private io.itmcp.gateway.observe.GatewayMetrics metrics;

  /**
   * @param knownTools every tool the MCP server has a handler for (disabled ones too: their refusal
   *     is audited by the handler)
   * @param transportlessIdentity the caller when the transport carries none (stdio); may be null
   */
  public ProtocolAudit(
      AuditSink audit, Clock clock, Collection<String> knownTools, Identity transportlessIdentity) {
    this.audit = audit;
    this.clock = clock;
    this.knownTools = List.copyOf(new LinkedHashSet<>(knownTools));
    this.transportlessIdentity = transportlessIdentity;
  }

  /** Counts the calls to unknown tools in these metrics too. */
  public ProtocolAudit countingIn(io.itmcp.gateway.observe.GatewayMetrics metrics) {
    this.metrics = metrics;
    return this;
  }

  /**
   * A tools/call naming a tool the server has no handler for: audited, and answered here with the
   * tools the caller's policy enables (the SDK's own answer names none). Empty for any other
   * message, which goes on to the SDK.
   *
   * @param policy the caller's policy as read now; it may throw when the policy cannot be read
   * @return the JSON-RPC error line to send instead of passing the message on
   */
  public Optional<String> answerUnknownTool(
      JsonRpcInspector.Inspected msg,
      String sessionId,
      Identity identity,
      Supplier<EffectivePolicy> policy) {
    if (!msg.isToolCall() || msg.toolName() != null && knownTools.contains(msg.toolName())) {
      return Optional.empty();
    }
    EffectivePolicy read;
    try {
      read = policy.get();
    } catch (RuntimeException e) {
      read = null;
    }
    EffectivePolicy listed = read;
    List<String> enabled =
        listed == null
            ? List.of()
            : knownTools.stream()
                .filter(name -> listed.tools().stream().anyMatch(t -> t.mcpName().equals(name)))
                .toList();
    String policyName = listed == null ? null : listed.name();
    String reason =
        "refused: unknown tool "
            + (msg.toolName() == null ? "(no name given)" : "'" + msg.toolName() + "'")
            + " (rule "
            + io.itmcp.gateway.observe.RefusalRule.UNKNOWN_TOOL
            + "); "
            + (policyName == null
                ? "the policy cannot be read now"
                : "enabled by policy '" + policyName + "': " + enabled);
    CallProtocol.Era era =
        msg.modernProtocolVersion() != null ? CallProtocol.Era.MODERN : CallProtocol.Era.LEGACY;
    if (metrics != null) {
      metrics.toolCallEnded(
          msg.toolName(),
          Decision.DENIED,
          io.itmcp.gateway.observe.RefusalRule.UNKNOWN_TOOL,
          era.wire());
    }
    record(
        identity,
        sessionId,
        msg.toolName(),
        msg.toolArguments(),
        AuditEvent.TOOLS_CALL,
        reason,
        e -> e.toBuilder().era(era.wire()).protocolVersion(msg.modernProtocolVersion()).build());
    return msg.requestIdKey() == null
        ? Optional.empty()
        : Optional.of(
            UnknownToolAnswer.line(msg.requestIdKey(), msg.toolName(), policyName, enabled));
  }

  /** Records an initialize that was refused before a session existed. */
  public void initializeRefused(Identity identity, String reason) {
    record(
        identity,
        null,
        null,
        Map.of(),
        AuditEvent.INITIALIZE,
        reason.startsWith("refused") ? reason : "refused: " + reason);
  }

  private void record(
      Identity identity,
      String sessionId,
      String tool,
      Map<String, Object> arguments,
      String method,
      String reason) {
    record(identity, sessionId, tool, arguments, method, reason, e -> e);
  }

  private void record(
      Identity identity,
      String sessionId,
      String tool,
      Map<String, Object> arguments,
      String method,
      String reason,
      java.util.function.UnaryOperator<AuditEvent> stamp) {
    Identity who = identity != null ? identity : transportlessIdentity;
    AuditEvent event =
        AuditEvent.builder()
            .time(clock.instant())
            .user(who == null ? null : who.user())
            .groups(who == null ? List.of() : who.groups())
            .session(sessionId)
            .tool(tool)
            .arguments(arguments)
            .decision(Decision.DENIED)
            .reason(reason)
            .phase(Phase.REFUSAL)
            .callId(UUID.randomUUID().toString())
            .method(method)
            .build();
    event = stamp.apply(event);
    try {
      audit.record(event);
    } catch (RuntimeException e) {
      LOG.error("AUDIT RECORD LOST for refused {} by {}: {}", method, event.user(), e.toString());
    }
  }
}
