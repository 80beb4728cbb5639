package io.itmcp.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** JOSDK's reconciliation counters, kept per resource kind and written in the Prometheus text format. */
public final class ReconcileMetrics implements Metrics {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  @Override
  public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    count("itmcp_operator_reconciliations_started_total", resource);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    count("itmcp_operator_reconciliations_succeeded_total", resource);
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    count("itmcp_operator_reconciliations_failed_total", resource);
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    counters.computeIfAbsent("itmcp_operator_cleanups_total", k -> new LongAdder()).increment();
  }

  private void count(String metric, HasMetadata resource) {
    counters.computeIfAbsent(metric + "{kind=\"" + resource.getKind() + "\"}", k -> new LongAdder()).increment();
  }

  /** Prometheus text exposition format 0.0.4. */
  public String scrape() {
    StringBuilder out = new StringBuilder();
    counters.keySet().stream().map(k -> k.contains("{") ? k.substring(0, k.indexOf('{')) : k).distinct().sorted()
        .forEach(name -> out.append("# TYPE ").append(name).append(" counter\n"));
    counters.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.append(e.getKey()).append(' ').append(e.getValue().sum()).append('\n'));
    Runtime rt = Runtime.getRuntime();
    out.append("# TYPE itmcp_operator_heap_used_bytes gauge\n")
        .append("itmcp_operator_heap_used_bytes ").append(rt.totalMemory() - rt.freeMemory()).append('\n');
    return out.toString();
  }
}
