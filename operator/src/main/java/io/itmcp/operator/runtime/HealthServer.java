package io.itmcp.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * /healthz (the process answers), /readyz (no informer of a started operator is unhealthy; a
 * replica waiting for leadership is ready as a standby, so a rolling update is never stuck behind
 * the lease) and /metrics ({@link OperatorMetrics}, Prometheus text) on one port.
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  public HealthServer(int port, Operator operator, OperatorMetrics metrics) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", ex -> respond(ex, 200, "ok\n", "text/plain"));
    server.createContext(
        "/readyz",
        ex -> {
          String problem = readinessProblem(operator);
          respond(
              ex,
              problem == null ? 200 : 503,
              problem == null ? "ready\n" : "not ready: " + problem + "\n",
              "text/plain");
        });
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, metrics.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
    server.start();
  }

  /** Null when ready (also while standing by, not started yet); otherwise what is unhealthy. */
  static String readinessProblem(Operator operator) {
    try {
      if (!operator.getRuntimeInfo().isStarted()) {
        return null;
      }
      return operator.getRuntimeInfo().allEventSourcesAreHealthy()
          ? null
          : "unhealthy event sources " + operator.getRuntimeInfo().unhealthyEventSources();
    } catch (RuntimeException e) {
      return null;
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int code, String body, String type)
      throws IOException {
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
