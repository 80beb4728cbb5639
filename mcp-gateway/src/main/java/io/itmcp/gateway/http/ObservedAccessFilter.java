package io.itmcp.gateway.http;

import io.itmcp.gateway.observe.GatewayMetrics;
import io.itmcp.gateway.observe.GatewayTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Wraps an access filter (bearer authentication, policy access) in a span that ends when the filter
 * lets the request through, and counts the requests it refuses: 401 as authentication failures, 403
 * as authorization failures, 503 as neither able to decide (the backend is unreachable).
 */
final class ObservedAccessFilter implements Filter {

  private final String spanName;
  private final Filter access;
  private final GatewayTracing tracing;
  private final GatewayMetrics metrics;

  ObservedAccessFilter(
      String spanName, Filter access, GatewayTracing tracing, GatewayMetrics metrics) {
    this.spanName = spanName;
    this.access = access;
    this.tracing = tracing;
    this.metrics = metrics;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Span span = tracing.start(spanName, TraceContextFilter.of(req), SpanKind.INTERNAL);
    boolean[] passed = {false};
    try {
      access.doFilter(
          req,
          res,
          (request, response) -> {
            passed[0] = true;
            span.end();
            chain.doFilter(request, response);
          });
    } finally {
      if (!passed[0]) {
        int status = ((HttpServletResponse) res).getStatus();
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
          metrics.authenticationFailed();
        } else if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
          metrics.authUnavailable();
        } else if (status == HttpServletResponse.SC_FORBIDDEN) {
          metrics.authorizationFailed();
        }
        span.setAttribute("http.response.status_code", status);
        span.setStatus(StatusCode.ERROR, "refused with " + status);
        span.end();
      }
    }
  }
}
