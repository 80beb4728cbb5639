package io.itmcp.gateway.observe;

import io.itmcp.gateway.audit.AuditEvent;
import io.itmcp.gateway.audit.AuditSink;
import java.time.Duration;

/**
 * An audit sink whose every write is timed, failed writes counted apart: the data of the
 * audit-write-errors alert.
 */
public final class TimedAuditSink implements AuditSink {

  private final AuditSink sink;
  private final GatewayMetrics metrics;

  public TimedAuditSink(AuditSink sink, GatewayMetrics metrics) {
    this.sink = sink;
    this.metrics = metrics;
  }

  @Override
  public void record(AuditEvent event) {
    long start = System.nanoTime();
    boolean ok = false;
    try {
      sink.record(event);
      ok = true;
    } finally {
      metrics.auditWritten(Duration.ofNanos(System.nanoTime() - start), ok);
    }
  }

  @Override
  public void close() {
    sink.close();
  }
}
