package io.itmcp.gateway.transport;

import io.itmcp.gateway.server.CallProtocol.Era;
import io.itmcp.gateway.server.JsonRpcOutgoing;
import io.itmcp.gateway.server.MonitorWait;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The stdio requests that were read but not yet answered, by era and JSON-RPC id: what the gateway
 * still owes its client when stdin ends. A request counts from the moment it is routed to a server
 * until a response with its id goes out on stdout.
 */
final class PendingRequests {

  private final Set<String> awaiting = new HashSet<>();

  /** A request (it has a method and an id) routed to the server of this era. */
  synchronized void accepted(Era era, String idKey) {
    if (idKey != null) {
      awaiting.add(era + idKey);
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
      synchronized (this) {
        if (awaiting.remove(era + key)) {
          notifyAll();
        }
      }
    }
  }

  /**
   * The client cancelled this request of this era, whose server then owes it no answer (the modern
   * era sends none): the end of input stops waiting for one. The call itself is waited for through
   * {@code InFlightCalls.awaitAllFinished}, so that its completion is still audited.
   */
  synchronized void cancelled(Era era, String idKey) {
    if (idKey != null && awaiting.remove(era + idKey)) {
      notifyAll();
    }
  }

  synchronized int size() {
    return awaiting.size();
  }

  /**
   * Waits until every accepted request was answered, at most {@code limit}; whether they all were.
   */
  synchronized boolean awaitAllAnswered(Duration limit) throws InterruptedException {
    return MonitorWait.until(this, awaiting::isEmpty, limit);
  }
}
