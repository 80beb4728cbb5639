package io.itmcp.gateway.auth.oidc;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Checks {@code --oidc-resource}: the gateway's public base URL as MCP clients reach it (behind a
 * TLS-terminating proxy the request's own scheme, host and port are the proxy's inside view).
 * https, or http on loopback only (an access token must not travel in clear text); no user info,
 * query or fragment; a path prefix is kept (a proxy may mount the gateway under one) without its
 * trailing slash.
 */
final class PublicResource {

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "::1", "localhost");

  private PublicResource() {}

  static URI check(URI url) {
    String problem = null;
    if (!url.isAbsolute() || url.getHost() == null) {
      problem = "it is not an absolute URL with a host";
    } else if (!"https".equals(url.getScheme())
        && !("http".equals(url.getScheme())
            && LOOPBACK.contains(url.getHost().toLowerCase(Locale.ROOT)))) {
      problem = "it must be https (http only on loopback: clients send their tokens to it)";
    } else if (url.getRawUserInfo() != null
        || url.getRawQuery() != null
        || url.getRawFragment() != null) {
      problem = "it must not carry user info, a query or a fragment";
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "--oidc-resource '"
              + url
              + "' is refused: "
              + problem
              + "; give the gateway's public base URL, e.g. https://mcp.example.com");
    }
    String text = url.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }
}
