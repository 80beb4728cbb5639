package io.itmcp.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * /healthz (the process answers), /readyz (the operator started and every informer is healthy)
 * and /metrics (Prometheus text) on one port.
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  public HealthServer(int port, Operator operator, ReconcileMetrics metrics) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", ex -> respond(ex, 200, "ok\n", "text/plain"));
    server.createContext("/readyz", ex -> {
      String problem = readinessProblem(operator);
      respond(ex, problem == null ? 200 : 503, problem == null ? "ready\n" : "not ready: " + problem + "\n",
          "text/plain");
    });
    server.createContext("/metrics", ex -> respond(ex, 200, metrics.scrape(), "text/plain; version=0.0.4"));
    server.start();
  }

  /** Null when ready; otherwise what is missing. */
  static String readinessProblem(Operator operator) {
    try {
      if (!operator.getRuntimeInfo().isStarted()) {
        return "operator not started (waiting for leadership or start-up)";
      }
      return operator.getRuntimeInfo().allEventSourcesAreHealthy()
          ? null : "unhealthy event sources " + operator.getRuntimeInfo().unhealthyEventSources();
    } catch (RuntimeException e) {
      return "operator not started: " + e.getMessage();
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int code, String body, String type) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }


  @Override
  public void close() {
    server.stop(0);
  }
}
