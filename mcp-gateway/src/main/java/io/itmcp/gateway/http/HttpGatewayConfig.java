package io.itmcp.gateway.http;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where and how the HTTP transport listens.
 *
 * @param host bind address
 * @param port TCP port; 0 picks a free one
 * @param extraAllowedHosts Host header names accepted besides the bind address and localhost names
 * @param extraAllowedOrigins browser origins accepted besides http(s)://localhost names on this
 *     port
 * @param maxBodyBytes larger request bodies get 413
 * @param limits what one client may hold of the listener, and its sizing
 */
public record HttpGatewayConfig(
    String host,
    int port,
    List<String> extraAllowedHosts,
    List<String> extraAllowedOrigins,
    int maxBodyBytes,
    HttpLimits limits) {

  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  private static final List<String> LOCAL_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

  public HttpGatewayConfig {
    extraAllowedHosts = List.copyOf(extraAllowedHosts);
    extraAllowedOrigins = List.copyOf(extraAllowedOrigins);
    limits = limits == null ? HttpLimits.defaults() : limits;
  }

  /** With the default {@link HttpLimits}. */
  public HttpGatewayConfig(
      String host,
      int port,
      List<String> extraAllowedHosts,
      List<String> extraAllowedOrigins,
      int maxBodyBytes) {
    this(host, port, extraAllowedHosts, extraAllowedOrigins, maxBodyBytes, HttpLimits.defaults());
  }

  public HttpGatewayConfig withLimits(HttpLimits newLimits) {
    return new HttpGatewayConfig(
        host, port, extraAllowedHosts, extraAllowedOrigins, maxBodyBytes, newLimits);
  }

  /** Parses {@code HOST:PORT}, {@code [V6]:PORT} or {@code :PORT} (host 127.0.0.1). */
  public static HttpGatewayConfig parseListen(
      String listen, List<String> hosts, List<String> origins, int maxBody) {
    String host;
    String port;
    if (listen.startsWith("[")) {
      int end = listen.indexOf("]:");
      if (end < 0) {
        throw new IllegalArgumentException(
            "--http expects HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
      }
      host = listen.substring(1, end);
      port = listen.substring(end + 2);
    } else {
      int colon = listen.lastIndexOf(':');
      if (colon < 0) {
        host = "127.0.0.1";
        port = listen;
      } else {
        host = colon == 0 ? "127.0.0.1" : listen.substring(0, colon);
        port = listen.substring(colon + 1);
      }
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--http port '" + port + "' is not a number");
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("--http port must be 0..65535");
    }
    return new HttpGatewayConfig(host, p, hosts, origins, maxBody);
  }

  /** Host names (no port) the Host header may carry. */
  public Set<String> allowedHosts() {
    Set<String> hosts = new LinkedHashSet<>(LOCAL_NAMES);
    hosts.add(hostName(host));
    extraAllowedHosts.forEach(h -> hosts.add(h.trim().toLowerCase(Locale.ROOT)));
    return hosts;
  }

  /** Origins a browser may send; {@code boundPort} is the port actually bound. */
  public Set<String> allowedOrigins(int boundPort) {
    Set<String> origins = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>(LOCAL_NAMES);
    names.add(hostName(host));
    for (String n : names) {
      origins.add("http://" + n + ":" + boundPort);
      origins.add("https://" + n + ":" + boundPort);
    }
    extraAllowedOrigins.forEach(o -> origins.add(o.trim().toLowerCase(Locale.ROOT)));
    return origins;
  }

  private static String hostName(String h) {
    String lower = h.toLowerCase(Locale.ROOT);
    return lower.contains(":") && !lower.startsWith("[") ? "[" + lower + "]" : lower;
  }
}
