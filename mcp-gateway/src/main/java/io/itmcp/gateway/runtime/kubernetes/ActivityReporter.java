package io.itmcp.gateway.runtime.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.api.v1alpha1.SessionContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator when each session was last used, for idle expiry, without one API write per
 * tool call: {@link #touch} only records the time in memory; {@link #flushDue} (run every second by
 * {@link #start}) merge-patches a session at most once per its interval, min(30s, idle/4), so the
 * operator's view lags by at most a quarter of the idle timeout.
 *
 * <p>Contract with the operator: {@link SessionContract#LAST_ACTIVITY_ANNOTATION} and {@link
 * SessionContract#activityReportInterval}.
 */
public final class ActivityReporter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ActivityReporter.class);

  private static final class Tracked {
    final Duration interval;
    Instant pending;
    Instant reported;
    Instant lastPatch;

    Tracked(Duration interval) {
      this.interval = interval;
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;
  private final Map<String, Tracked> sessions = new ConcurrentHashMap<>();

  /** Sessions whose report was answered 404: the operator has deleted them. */
  private final Set<String> gone = ConcurrentHashMap.newKeySet();

  private ScheduledFuture<?> schedule;

  public ActivityReporter(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
  }

  public void register(String sessionName, Duration idleTimeout) {
    gone.remove(sessionName); // a session of that name made afresh
    sessions.putIfAbsent(
        sessionName, new Tracked(SessionContract.activityReportInterval(idleTimeout)));
  }

  /** Whether a report on the session was answered 404 since it was registered. */
  public boolean reportedGone(String sessionName) {
    return gone.contains(sessionName);
  }

  /** Reports activity not yet reported (whatever the interval), then stops tracking the session. */
  public void flushAndForget(String sessionName) {
    Tracked tracked = sessions.remove(sessionName);
    if (tracked == null) {
      return;
    }
    Instant toReport;
    synchronized (tracked) {
      boolean fresh =
          tracked.pending != null
              && (tracked.reported == null || tracked.pending.isAfter(tracked.reported));
      toReport = fresh ? tracked.pending : null;
    }
    if (toReport != null) {
      patch(sessionName, toReport);
    }
  }

  public void forget(String sessionName) {
    sessions.remove(sessionName);
  }

  /** A tool call ran now; cheap, no I/O. */
  public void touch(String sessionName) {
    Tracked tracked = sessions.get(sessionName);
    if (tracked != null) {
      synchronized (tracked) {
        tracked.pending = clock.instant();
      }
    }
  }

  /** Patches every session whose new activity is due; returns how many patches were sent. */
  public int flushDue() {
    int patches = 0;
    Instant now = clock.instant();
    for (Map.Entry<String, Tracked> entry : sessions.entrySet()) {
      Tracked tracked = entry.getValue();
      Instant toReport;
      synchronized (tracked) {
        boolean fresh =
            tracked.pending != null
                && (tracked.reported == null || tracked.pending.isAfter(tracked.reported));
        boolean due =
            tracked.lastPatch == null || !now.isBefore(tracked.lastPatch.plus(tracked.interval));
        if (!fresh || !due) {
          continue;
        }
        toReport = tracked.pending;
      }
      if (patch(entry.getKey(), toReport)) {
        patches++;
        synchronized (tracked) {
          tracked.reported = toReport;
          tracked.lastPatch = now;
        }
      }
    }
    return patches;
  }

  private boolean patch(String sessionName, Instant at) {
    String stamp = at.truncatedTo(ChronoUnit.SECONDS).toString();
    String body =
        "{\"metadata\":{\"annotations\":{\""
            + SessionContract.LAST_ACTIVITY_ANNOTATION
            + "\":\""
            + stamp
            + "\"}}}";
    try {
      client
          .resources(ItmcpSession.class)
          .inNamespace(namespace)
          .withName(sessionName)
          .patch(PatchContext.of(PatchType.JSON_MERGE), body);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        sessions.remove(sessionName);
        gone.add(sessionName);
      } else {
        LOG.warn("could not report activity of session {}: {}", sessionName, e.getMessage());
      }
      return false;
    }
  }

  /** Flushes due activity every second on the given scheduler until {@link #close}. */
  public synchronized void start(ScheduledExecutorService scheduler) {
    if (schedule == null) {
      schedule = scheduler.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
    }
  }

  private void flushQuietly() {
    try {
      flushDue();
    } catch (RuntimeException e) {
      LOG.warn("activity flush failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.cancel(false);
      schedule = null;
    }
  }
}
