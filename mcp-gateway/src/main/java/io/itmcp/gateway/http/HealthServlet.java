package io.itmcp.gateway.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /healthz}: 200 while the gateway serves. */
final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setStatus(200);
    resp.setContentType("text/plain");
    resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
    resp.getWriter().write("ok\n");
  }
}
