package io.itmcp.gateway.http;

import io.itmcp.gateway.observe.GatewayTracing;
import io.opentelemetry.context.Context;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * First on {@code /mcp}: reads the request's W3C {@code traceparent}/{@code tracestate} for the
 * spans after it.
 */
final class TraceContextFilter implements Filter {

  static final String TRACE_ATTRIBUTE = "io.itmcp.trace";
  private final GatewayTracing tracing;

  TraceContextFilter(GatewayTracing tracing) {
    this.tracing = tracing;
  }

  /** The trace context this filter read for the request; the root context when none. */
  static Context of(ServletRequest request) {
    return request.getAttribute(TRACE_ATTRIBUTE) instanceof Context c ? c : Context.root();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    req.setAttribute(TRACE_ATTRIBUTE, tracing.fromHeaders(request::getHeader));
    chain.doFilter(req, res);
  }
}
