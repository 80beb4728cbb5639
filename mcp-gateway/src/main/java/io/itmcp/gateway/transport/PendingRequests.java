package io.itmcp.gateway.transport;

import io.itmcp.gateway.server.CallProtocol.Era;
import io.itmcp.gateway.server.JsonRpcOutgoing;
import io.itmcp.gateway.server.MonitorWait;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The stdio requests that were read but not yet answered, by era and JSON-RPC id: what the gateway
 * still owes its client when stdin ends. A request counts from the moment it is routed to a server
 * until a response with its id goes out on stdout. Requests are counted per id: a client may reuse
 * an id as soon as it has the answer, which can be before this gateway has counted that answer as
 * written, and the later request must still be owed.
 */
final class PendingRequests {

  private final Map<String, Integer> awaiting = new HashMap<>();

  /** A request (it has a method and an id) routed to the server of this era. */
  synchronized void accepted(Era era, String idKey) {
    if (idKey != null) {
      awaiting.merge(era + idKey, 1, Integer::sum);
    }
  }

  /**
   * One line the server of this era wrote to stdout; a response (an id, no method) settles its
   * request.
   */
  void written(Era era, String line) {
    String key =
        JsonRpcOutgoing.read(line)
            .filter(JsonRpcOutgoing::settles)
            .map(JsonRpcOutgoing::idKey)
            .orElse(null);
    if (key != null) {
      settle(era + key);
    }
  }

  /**
   * The client cancelled this request of this era, whose server then owes it no answer (the modern
   * era sends none): the end of input stops waiting for one. The call itself is waited for through
   * {@code InFlightCalls.awaitAllFinished}, so that its completion is still audited.
   */
  synchronized void cancelled(Era era, String idKey) {
    if (idKey != null) {
      settle(era + idKey);
    }
  }

  private synchronized void settle(String key) {
    if (awaiting.computeIfPresent(key, (k, owed) -> owed == 1 ? null : owed - 1) == null) {
      notifyAll();
    }
  }

  synchronized int size() {
    return awaiting.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Waits until every accepted request was answered, at most {@code limit}; whether they all were.
   */
  synchronized boolean awaitAllAnswered(Duration limit) throws InterruptedException {
    return MonitorWait.until(this, awaiting::isEmpty, limit);
  }
}
