package io.itmcp.gateway.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * DNS-rebinding protection: the Host header must name this gateway (its bind address or the
 * localhost names, or a configured name), and a browser's Origin header, when present, must be one
 * of the allowed origins. A web page whose domain was rebound to 127.0.0.1 sends its own name in
 * Host and its own origin, so both checks refuse it.
 */
public final class HostOriginFilter implements Filter {

  private final Set<String> allowedHosts;
  private final IntFunction<Set<String>> allowedOriginsForPort;
  private final Map<Integer, Set<String>> originsByPort = new ConcurrentHashMap<>();

  /**
   * @param allowedHosts host names without port, lower case; {@code *} allows any
   * @param allowedOriginsForPort full origins ({@code scheme://host[:port]}), lower case, for the
   *     port the request came in on; {@code *} allows any
   */
  public HostOriginFilter(
      Set<String> allowedHosts, IntFunction<Set<String>> allowedOriginsForPort) {
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.allowedOriginsForPort = allowedOriginsForPort;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String host = request.getHeader("Host");
    if (!hostAllowed(host)) {
      HttpErrors.send(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "refused: Host header '"
              + printable(host)
              + "' is not this gateway (DNS-rebinding protection); allowed hosts: "
              + allowedHosts
              + " (add names with --allowed-hosts)");
      return;
    }
    String origin = request.getHeader("Origin");
    Set<String> allowedOrigins =
        originsByPort.computeIfAbsent(
            request.getLocalPort(), p -> Set.copyOf(allowedOriginsForPort.apply(p)));
    if (origin != null && !originAllowed(origin, allowedOrigins)) {
      HttpErrors.send(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "refused: Origin '"
              + printable(origin)
              + "' is not allowed (DNS-rebinding protection); allowed origins: "
              + allowedOrigins
              + " (add origins with --allowed-origins)");
      return;
    }
    chain.doFilter(req, res);
  }

  boolean hostAllowed(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    if (allowedHosts.contains("*")) {
      return true;
    }
    return allowedHosts.contains(hostPart(hostHeader.trim().toLowerCase(Locale.ROOT)));
  }

  static boolean originAllowed(String origin, Set<String> allowedOrigins) {
    return allowedOrigins.contains("*")
        || allowedOrigins.contains(origin.trim().toLowerCase(Locale.ROOT));
  }

  /** {@code [::1]:8080} -> {@code [::1]}, {@code localhost:8080} -> {@code localhost}. */
  static String hostPart(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static String printable(String s) {
    if (s == null) {
      return "";
    }
    String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
