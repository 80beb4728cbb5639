package io.itmcp.gateway.cluster;

import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditSink;
import io.itmcp.gateway.audit.kubernetes.AuditDecision;
import io.itmcp.gateway.audit.kubernetes.AuditEventRecords;
import io.itmcp.gateway.audit.kubernetes.KubernetesAuditEventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each audit record, written to the hash-chained JSON log (the durable record; a failure there
 * fails the call) and, for the records that close a call, as a Kubernetes Event on the session's
 * ItmcpSession (a convenience view, rate-limited and written in the background; it carries the
 * tool, the target and the rule, never other arguments). Intents get no Event: one Event per call
 * (its completion or refusal) keeps the Event volume what it was, and a call the gateway died
 * during is found with {@code audit verify}, not in Events that expire.
 */
public final class FanOutAuditSink implements AuditSink {

  private static final Logger LOG = LoggerFactory.getLogger(FanOutAuditSink.class);

  private final AuditSink log;
  private final KubernetesAuditEventSink events;

  public FanOutAuditSink(AuditSink log, KubernetesAuditEventSink events) {
    this.log = log;
    this.events = events;
  }

  @Override
  public void record(AuditEvent event) {
    log.record(event);
    if ((event.sandbox() == null && event.session() == null) || !event.closesCall()) {
      return;
    }
    try {
      events.record(
          event.sandbox() != null
              ? AuditEventRecords.forSession(
                  event.sandbox(),
                  event.tool(),
                  event.arguments(),
                  decision(event.decision()),
                  event.reason(),
                  event.exitCode())
              : AuditEventRecords.of(
                  event.session(),
                  event.tool(),
                  event.arguments(),
                  decision(event.decision()),
                  event.reason(),
                  event.exitCode()));
    } catch (RuntimeException e) {
      LOG.warn("audit Event for {} not queued: {}", event.tool(), e.toString());
    }
  }

  static AuditDecision decision(AuditEvent.Decision decision) {
    return switch (decision) {
      case ALLOWED -> AuditDecision.ALLOWED;
      case DENIED -> AuditDecision.DENIED;
      case FAILED -> AuditDecision.FAILED;
    };
  }

  @Override
  public void close() {
    log.close();
  }
}
