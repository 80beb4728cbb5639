package io.itmcp.gateway.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The last filter before the MCP transport: hands it a {@link TransportResponse}. */
final class TransportResponseFilter implements Filter {

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    TransportResponse response =
        new TransportResponse(
            (HttpServletResponse) res, request.getHeader(McpSessionFilter.SESSION_HEADER));
    chain.doFilter(req, response);
    response.finish();
  }
}
