package io.itmcp.gateway.testing;

import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps audit events in memory and forwards them to a real sink too, when given one. */
public final class MemoryAuditSink implements AuditSink {
  public final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private final AuditSink next;

  /** The records that close a call (completions and refusals): one per call. */
  public List<AuditEvent> closed() {
    return events.stream().filter(AuditEvent::closesCall).toList();
  }

  public MemoryAuditSink() {
    this(null);
  }

  public MemoryAuditSink(AuditSink next) {
    this.next = next;
  }

  @Override
  public void record(AuditEvent event) {
    events.add(event);
    if (next != null) {
      next.record(event);
    }
  }
}
