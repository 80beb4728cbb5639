package io.itmcp.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.itmcp.gateway.auth.OAuthResource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * RFC 9728 Protected Resource Metadata at {@code /.well-known/oauth-protected-resource} (the
 * resource {@code /mcp}) and {@code /.well-known/oauth-protected-resource/mcp/...} (the resource
 * named by the rest of the path): where an MCP client that met our 401 gets a token. Public: it
 * says nothing a client could not learn from the 401 and the issuer's own metadata.
 */
final class ProtectedResourceMetadata extends HttpServlet {

  static final String PATH = "/.well-known/oauth-protected-resource";
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final transient OAuthResource resource;

  ProtectedResourceMetadata(OAuthResource resource) {
    this.resource = resource;
  }

  /**
   * The metadata address for a request to an MCP endpoint: under the public base URL when one is
   * configured, else under the origin the request reached.
   */
  static String metadataUrl(OAuthResource resource, HttpServletRequest request) {
    return base(resource, request) + PATH + request.getRequestURI();
  }

  private static String base(OAuthResource resource, HttpServletRequest request) {
    return resource.publicBase().map(Object::toString).orElseGet(() -> origin(request));
  }

  private static String origin(HttpServletRequest request) {
    String scheme = request.getScheme();
    int port = request.getServerPort();
    boolean defaultPort =
        ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    String host = request.getServerName();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String rest = request.getPathInfo();
    String resourcePath = rest == null || rest.equals("/") ? "/mcp" : rest;
    if (!resourcePath.equals("/mcp") && !resourcePath.startsWith("/mcp/")) {
      HttpErrors.send(
          response,
          HttpServletResponse.SC_NOT_FOUND,
          "not found: protected resource metadata exists for /mcp and /mcp/<policy> only");
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("resource", base(resource, request) + resourcePath);
    body.putArray("authorization_servers").add(resource.issuer());
    resource.requiredScopes().forEach(body.putArray("scopes_supported")::add);
    body.putArray("bearer_methods_supported").add("header");
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
