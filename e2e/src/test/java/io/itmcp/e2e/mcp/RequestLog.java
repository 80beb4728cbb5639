package io.itmcp.e2e.mcp;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request the mock API server answers, stamped when it arrives (System.nanoTime): which round
 * trips a tool call makes, for the benchmark. Not a test.
 */
final class RequestLog extends Dispatcher {
  record Request(long nanos, String method, String path) {
    /** The path without its query, but with a watch marked. */
    String shortPath() {
      int q = path.indexOf('?');
      String bare = q < 0 ? path : path.substring(0, q);
      return bare + (path.contains("watch=true") ? " (watch)" : "");
    }
  }

  private final Dispatcher next;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  RequestLog(Dispatcher next) {
    this.next = next;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.add(new Request(System.nanoTime(), request.getMethod(), request.getPath()));
    return next.dispatch(request);
  }

  /** The requests that arrived in [from, to). */
  List<Request> between(long from, long to) {
    return requests.stream().filter(r -> r.nanos() >= from && r.nanos() < to).toList();
  }
}
