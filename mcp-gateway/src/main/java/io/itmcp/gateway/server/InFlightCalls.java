package io.itmcp.gateway.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Tool calls that are running, by JSON-RPC request id, so that {@code notifications/cancelled} can
 * interrupt the thread that waits for the process (the runtime then kills the process tree). The
 * MCP Java SDK 2.1 has no handler for that notification, so the transports spot it on the wire and
 * call {@link #cancel}.
 */
public final class InFlightCalls {

  /** Why a call ends when its client cancels it. */
  public static final String CANCELLED_BY_CLIENT = "cancelled by the client";

  private final Map<String, Call> calls = new HashMap<>();

  /** Set by {@link #cancelAll}: a call that registers afterwards is cancelled as it starts. */
  private String cancelledAllReason;

  /** Tool calls begun and not yet finished (guarded by {@link #calls}). */
  private int unfinished;

  /** A tool call from its start until its completion is audited and its answer made. */
  @FunctionalInterface
  public interface Unfinished extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Counts a tool call as unfinished until the returned handle is closed: unlike {@link #register},
   * which ends when the process does (a cancellation must not interrupt the audit's own writing),
   * this lasts until the call's completion is written. The end of stdin waits on it for calls whose
   * answer the client gave up (a modern-era cancellation is owed none).
   */
  public Unfinished begin() {
    synchronized (calls) {
      unfinished++;
    }
    return () -> {
      synchronized (calls) {
        unfinished--;
        calls.notifyAll();
      }
    };
  }

  /** Waits until every begun call has finished, at most {@code limit}; whether they all have. */
  public boolean awaitAllFinished(Duration limit) throws InterruptedException {
    synchronized (calls) {
      return MonitorWait.until(calls, () -> unfinished == 0, limit);
    }
  }

  /**
   * Registers the current thread as running the request; close the handle when the process is done.
   */
  public Handle register(String sessionId, String requestId) {
    if (requestId == null) {
      return new Handle(null, null);
    }
    Call call = new Call(sessionId, requestId, Thread.currentThread());
    String key = sessionId + "\u0000" + requestId;
    synchronized (calls) {
      calls.put(key, call);
      if (cancelledAllReason != null) {
        // read before the cancellation but only now starting (a busy machine): cancelled all the
        // same,
        // or it would run on, unanswered, after the gateway stopped waiting for it
        call.reason = cancelledAllReason;
        call.thread.interrupt();
      }
    }
    return new Handle(key, call);
  }

  /**
   * Interrupts every running call, saying why (stdio: the client left and the calls outlived their
   * wait), and every call that registers from now on.
   */
  public int cancelAll(String reason) {
    synchronized (calls) {
      cancelledAllReason = reason;
      for (Call call : calls.values()) {
        call.reason = reason;
        call.thread.interrupt();
      }
      return calls.size();
    }
  }

  /**
   * Interrupts the call with this request id. A null session matches any session (stdio, where the
   * process has one).
   *
   * @return whether a running call was found
   */
  public boolean cancel(String sessionId, String requestId) {
    synchronized (calls) {
      boolean found = false;
      for (Call call : calls.values()) {
        if (call.requestId.equals(requestId)
            && (sessionId == null || Objects.equals(sessionId, call.sessionId))) {
          call.reason = CANCELLED_BY_CLIENT;
          call.thread.interrupt();
          found = true;
        }
      }
      return found;
    }
  }

  private static final class Call {
    final String sessionId;
    final String requestId;
    final Thread thread;
    volatile String reason;

    Call(String sessionId, String requestId, Thread thread) {
      this.sessionId = sessionId;
      this.requestId = requestId;
      this.thread = thread;
    }
  }

  /** Ends the registration; afterwards no cancellation can interrupt this thread. */
  public final class Handle implements AutoCloseable {
    private final String key;
    private final Call call;

    private Handle(String key, Call call) {
      this.key = key;
      this.call = call;
    }

    /** Why the call was cancelled; the client's cancellation when nothing else said. */
    public String cancelReason() {
      String reason = call == null ? null : call.reason;
      return reason == null ? CANCELLED_BY_CLIENT : reason;
    }

    @Override
    public void close() {
      if (key != null) {
        synchronized (calls) {
          calls.remove(key);
        }
      }
      // a cancellation that raced with the end of the process must not leak into the next task
      Thread.interrupted();
    }
  }
}
