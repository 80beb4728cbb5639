package io.itmcp.gateway.http;

import io.itmcp.gateway.server.CallProtocol.Era;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Hands a request to the server of its era. {@link McpSessionFilter} decides the era from the body
 * it has already read (initialize or a legacy session: legacy; modern {@code _meta}: modern) and
 * leaves it in a request attribute; GET and DELETE belong to legacy sessions.
 */
final class EraRouting {

  /** The {@link Era} of a POSTed message. */
  static final String ERA_ATTRIBUTE = "io.itmcp.era";

  private EraRouting() {}

  static boolean isModern(HttpServletRequest request) {
    return request.getAttribute(ERA_ATTRIBUTE) == Era.MODERN;
  }

  /**
   * The modern transport serves one endpoint path; {@code /mcp/{policy}} is the same endpoint for
   * it (the policy was resolved from the path already).
   */
  static void serveModern(
      HttpServletMcpTransport transport, HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    transport.service(
        new HttpServletRequestWrapper(request) {
          @Override
          public String getRequestURI() {
            return "/mcp";
          }
        },
        response);
  }

  /** The local runtime's {@code /mcp}: one legacy and one modern server. */
  static final class Servlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient HttpServlet legacy;
    private final transient HttpServletMcpTransport modern;

    Servlet(HttpServlet legacy, HttpServletMcpTransport modern) {
      this.legacy = legacy;
      this.modern = modern;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      if (isModern(request)) {
        serveModern(modern, request, response);
      } else {
        legacy.service(request, response);
      }
    }
  }
}
