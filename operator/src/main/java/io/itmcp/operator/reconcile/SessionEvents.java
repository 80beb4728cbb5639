package io.itmcp.operator.reconcile;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on sessions and policies, one per lifecycle step. Best effort: an Event
 * that cannot be written is logged, never fails a reconciliation. Written in the background, in the
 * order recorded, as client-go's event recorder does: a reconciliation does not wait for its Events
 * (a claim's two Events once delayed the session's Ready by two API round trips). At most {@link
 * #MAX_QUEUED} wait; beyond that an Event is logged and dropped.
 */
public final class SessionEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionEvents.class);
  private static final AtomicLong SEQUENCE = new AtomicLong();
  static final int MAX_QUEUED = 1000;
  private final KubernetesClient client;
  private final Clock clock;
  private final ExecutorService writer =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(MAX_QUEUED),
          task -> {
            Thread t = new Thread(task, "itmcp-event-writer");
            t.setDaemon(true);
            return t;
          });

  public SessionEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata about, String reason, String message) {
    record(about, "Normal", reason, message);
  }

  public void warning(HasMetadata about, String reason, String message) {
    record(about, "Warning", reason, message);
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    String now = clock.instant().toString();
    String name =
        about.getMetadata().getName()
            + "."
            + Long.toHexString(System.currentTimeMillis())
            + Long.toHexString(SEQUENCE.incrementAndGet());
    LOG.info(
        "{} {}/{} {}: {}",
        about.getKind(),
        about.getMetadata().getNamespace(),
        about.getMetadata().getName(),
        reason,
        message);
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(about.getMetadata().getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(about.getApiVersion())
            .withKind(about.getKind())
            .withName(about.getMetadata().getName())
            .withNamespace(about.getMetadata().getNamespace())
            .withUid(about.getMetadata().getUid())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent("itmcp-operator")
            .endSource()
            .withReportingComponent("itmcp.io/operator")
            .build();
    try {
      writer.execute(() -> write(event));
    } catch (RejectedExecutionException full) {
      LOG.warn(
          "dropped event {} on {}: {} events are waiting to be written, or the operator is stopping",
          reason,
          about.getMetadata().getName(),
          MAX_QUEUED);
    }
  }

  private void write(Event event) {
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {}: {}",
          event.getReason(),
          event.getInvolvedObject().getName(),
          e.getMessage());
    }
  }

  /** Writes what is waiting (for at most a few seconds), then stops. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      writer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
