package io.itmcp.gateway.audit.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.itmcp.api.v1alpha1.ApiGroup;
import io.itmcp.api.v1alpha1.ItmcpSession;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each tool call as a Kubernetes Event (events.k8s.io/v1) on its ItmcpSession, visible with
 * {@code kubectl describe itmcpsession}. Events expire and are rate-limited, so they are a
 * convenience view; the JSON audit line stays the durable record.
 *
 * <p>Per session a token bucket ({@link RateLimit}) bounds what reaches the API server; calls over
 * the limit are counted and reported in one {@code ToolCallsNotRecorded} Event when the bucket has
 * room again or when the session ends. Writes run on the given executor so a slow API server never
 * delays a tool call; a failed write is logged and dropped.
 */
public final class KubernetesAuditEventSink {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesAuditEventSink.class);

  /** At most {@code burst} Events at once per session, then {@code perSecond}. */
  public record RateLimit(int burst, double perSecond) {
    public static final RateLimit DEFAULT = new RateLimit(10, 1.0);
  }

  private static final class SessionState {
    final TokenBucket bucket;
    long suppressed;
    ObjectReference reference;

    SessionState(TokenBucket bucket) {
      this.bucket = bucket;
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String reportingInstance;
  private final Executor writer;
  private final Clock clock;
  private final RateLimit rateLimit;
  private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();

  /**
   * @param reportingInstance this gateway replica, e.g. its pod name
   * @param writer where API writes run: a single background thread in production
   */
  public KubernetesAuditEventSink(
      KubernetesClient client,
      String namespace,
      String reportingInstance,
      Executor writer,
      Clock clock,
      RateLimit rateLimit) {
    this.client = client;
    this.namespace = namespace;
    this.reportingInstance = reportingInstance;
    this.writer = writer;
    this.clock = clock;
    this.rateLimit = rateLimit;
  }

  /**
   * A writer for production: one daemon thread and a queue of {@code capacity} Events; when the API
   * server is too slow to keep up, further Events are dropped (and logged), never queued without
   * bound.
   */
  public static ExecutorService boundedWriter(int capacity) {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(capacity),
        runnable -> {
          Thread thread = new Thread(runnable, "itmcp-audit-events");
          thread.setDaemon(true);
          return thread;
        },
        new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * Records one call, or counts it when the session's rate limit is exhausted; never blocks on the
   * API.
   */
  public void record(AuditEventRecord record) {
    SessionState state =
        sessions.computeIfAbsent(
            record.sessionName(),
            name ->
                new SessionState(new TokenBucket(rateLimit.burst(), rateLimit.perSecond(), clock)));
    long flushSuppressed = 0;
    boolean recordThis;
    synchronized (state) {
      if (state.suppressed > 0) {
        if (state.bucket.tryTake()) {
          flushSuppressed = state.suppressed;
          state.suppressed = 0;
        } else {
          state.suppressed++;
          return;
        }
      }
      recordThis = state.bucket.tryTake();
      if (!recordThis) {
        state.suppressed++;
      }
    }
    long suppressedNow = flushSuppressed;
    if (suppressedNow > 0) {
      submit(
          record.sessionName(),
          state,
          ref ->
              ToolCallEvents.forSuppressed(
                  suppressedNow,
                  ref,
                  reportingInstance,
                  clock.instant(),
                  eventName(record.sessionName())));
    }
    if (recordThis) {
      submit(
          record.sessionName(),
          state,
          ref ->
              ToolCallEvents.forCall(
                  record,
                  ref,
                  reportingInstance,
                  clock.instant(),
                  eventName(record.sessionName())));
    }
  }

  /** The session ended: report calls still counted, then forget its state. */
  public void sessionEnded(String sessionName) {
    SessionState state = sessions.remove(sessionName);
    if (state == null) {
      return;
    }
    long suppressed;
    synchronized (state) {
      suppressed = state.suppressed;
      state.suppressed = 0;
    }
    if (suppressed > 0) {
      submit(
          sessionName,
          state,
          ref ->
              ToolCallEvents.forSuppressed(
                  suppressed, ref, reportingInstance, clock.instant(), eventName(sessionName)));
    }
  }

  private interface EventFactory {
    Event create(ObjectReference session);
  }

  private void submit(String sessionName, SessionState state, EventFactory factory) {
    try {
      writer.execute(() -> write(sessionName, state, factory));
    } catch (RejectedExecutionException e) {
      LOG.warn("audit Event for session {} dropped: writer queue full", sessionName);
    }
  }

  private void write(String sessionName, SessionState state, EventFactory factory) {
    try {
      ObjectReference reference = referenceOf(sessionName, state);
      if (reference == null) {
        LOG.debug("audit Event for session {} skipped: the ItmcpSession is gone", sessionName);
        return;
      }
      client
          .resources(Event.class)
          .inNamespace(namespace)
          .resource(factory.create(reference))
          .create();
    } catch (RuntimeException e) {
      LOG.warn("audit Event for session {} not written: {}", sessionName, e.toString());
    }
  }

  /**
   * The session's reference with its uid (kubectl describe finds Events by uid); looked up once.
   */
  private ObjectReference referenceOf(String sessionName, SessionState state) {
    synchronized (state) {
      if (state.reference != null) {
        return state.reference;
      }
    }
    ItmcpSession session =
        client.resources(ItmcpSession.class).inNamespace(namespace).withName(sessionName).get();
    if (session == null) {
      return null;
    }
    ObjectReference reference =
        new ObjectReferenceBuilder()
            .withApiVersion(ApiGroup.API_VERSION)
            .withKind("ItmcpSession")
            .withNamespace(namespace)
            .withName(sessionName)
            .withUid(session.getMetadata().getUid())
            .withResourceVersion(session.getMetadata().getResourceVersion())
            .build();
    synchronized (state) {
      state.reference = reference;
    }
    return reference;
  }

  private static String eventName(String sessionName) {
    byte[] random = new byte[8];
    ThreadLocalRandom.current().nextBytes(random);
    return sessionName + "." + HexFormat.of().formatHex(random);
  }
}
