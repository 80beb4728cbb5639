package io.itmcp.gateway.http;

import io.itmcp.gateway.observe.GatewayMetrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the gateway's meters in the Prometheus text format (or OpenMetrics when the
 * scraper asks for it). No authentication, like {@code /healthz}: every label is from a fixed set,
 * no user, host, path or argument appears.
 */
final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient GatewayMetrics metrics;

  MetricsServlet(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    GatewayMetrics.Scrape scrape = metrics.scrapeFor(req.getHeader("Accept"));
    resp.setStatus(200);
    resp.setContentType(scrape.contentType());
    resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
    resp.getWriter().write(scrape.body());
  }
}
