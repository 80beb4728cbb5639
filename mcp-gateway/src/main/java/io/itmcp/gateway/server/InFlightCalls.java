package io.itmcp.gateway.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Tool calls that are running, by JSON-RPC request id, so that {@code notifications/cancelled}
 * can interrupt the thread that waits for the process (the runtime then kills the process tree).
 * The MCP Java SDK 2.1 has no handler for that notification, so the transports spot it on the
 * wire and call {@link #cancel}.
 */
public final class InFlightCalls {

  private final Map<String, Call> calls = new HashMap<>();

  /** Registers the current thread as running the request; close the handle when the process is done. */
  public Handle register(String sessionId, String requestId) {
    if (requestId == null) {
      return new Handle(null);
    }
    Call call = new Call(sessionId, requestId, Thread.currentThread());
    String key = sessionId + "\u0000" + requestId;
    synchronized (calls) {
      calls.put(key, call);
    }
    return new Handle(key);
  }

  /**
   * Interrupts the call with this request id. A null session matches any session (stdio, where
   * the process has one).
   *
   * @return whether a running call was found
   */
  public boolean cancel(String sessionId, String requestId) {
    synchronized (calls) {
      boolean found = false;
      for (Call call : calls.values()) {
        if (call.requestId.equals(requestId) && (sessionId == null || Objects.equals(sessionId, call.sessionId))) {
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

    Call(String sessionId, String requestId, Thread thread) {
      this.sessionId = sessionId;
      this.requestId = requestId;
      this.thread = thread;
    }
  }

  /** Ends the registration; afterwards no cancellation can interrupt this thread. */
  public final class Handle implements AutoCloseable {
    private final String key;

    private Handle(String key) {
      this.key = key;
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
