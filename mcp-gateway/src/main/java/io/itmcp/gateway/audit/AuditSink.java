package io.itmcp.gateway.audit;

/** Where every tool call, allowed or refused, is recorded. */
public interface AuditSink extends AutoCloseable {

  void record(AuditEvent event);

  @Override
  default void close() {}
}
