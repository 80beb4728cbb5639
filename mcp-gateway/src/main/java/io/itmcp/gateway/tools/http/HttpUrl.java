package io.itmcp.gateway.tools.http;

import io.itmcp.policy.Host;
import io.itmcp.policy.PolicyRefusedException;
import io.itmcp.policy.Port;
import io.itmcp.policy.Refusal;
import java.util.Locale;

/**
 * An http or https URL as the gateway parsed it, once: scheme, canonical host, port and the path
 * with its query. curl is only ever given {@link #text()}, rebuilt from these parts, so no other
 * parser gets a chance to read the caller's text differently (the usual URL-confusion tricks).
 *
 * <p>{@link #parse} refuses, each with its rule:
 *
 * <ul>
 *   <li>{@code url.scheme}: anything but {@code http://} or {@code https://} (case-insensitive);
 *   <li>{@code url.syntax}: whitespace, control characters, backslashes anywhere (some parsers read
 *       them as '/'), and URLs longer than {@value #MAX_LENGTH} characters;
 *   <li>{@code url.fragment}: any '#' (a fragment is never sent, and {@code http://a#@b/} is read
 *       as host a by some parsers and b by others);
 *   <li>{@code url.userinfo}: any '@' in the authority ({@code user:pass@host});
 *   <li>{@code url.authority}: percent-encoding in the authority ({@code %2e}, {@code %2f}, IPv6
 *       zone ids {@code %25eth0}), an empty host or port, an IPv6 address without brackets, text
 *       after {@code ]} other than {@code :PORT};
 *   <li>{@code host.syntax}: a host that {@link Host#parse} refuses (odd IPv4 forms such as {@code
 *       0x7f.1}, {@code 2130706433}, {@code 127.1}; non-ASCII that is not a valid IDN);
 *   <li>{@code port.syntax}: a port that is not 1..65535 in plain decimal;
 *   <li>{@code url.path}: a path or query with characters outside RFC 3986 (non-ASCII, quotes,
 *       '&lt;', '&gt;', braces, brackets, '|', '^', '`') or a '%' not followed by two hex digits.
 * </ul>
 *
 * Whether the host and port are allowed is the policy's question, asked separately.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the canonical host (lower-case ASCII name, punycode for IDN, or an address)
 * @param port the port, the scheme's default when the URL names none
 * @param pathAndQuery the path (at least "/") and the query with its '?', as given
 */
public record HttpUrl(String scheme, Host host, int port, String pathAndQuery) {

  static final int MAX_LENGTH = 2048;
  static final String FORMS =
      "an http:// or https:// URL, scheme://host[:port]/path?query: the host a DNS name or an"
          + " IP address in standard form (IPv6 in brackets), no user@, no #fragment, no backslash, no percent-encoding"
          + " in the host, path and query in printable ASCII (percent-encode anything else)";

  /**
   * Parses a caller's URL; throws {@link PolicyRefusedException} saying what was refused and by
   * which rule.
   */
  public static HttpUrl parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw refused(raw, "it is empty", "url.syntax");
    }
    if (raw.length() > MAX_LENGTH) {
      throw refused(raw, "it is longer than " + MAX_LENGTH + " characters", "url.syntax");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= 0x20
          || c == 0x7f
          || Character.isWhitespace(c)
          || Character.isSpaceChar(c)
          || Character.getType(c) == Character.FORMAT
          || (c >= 0x80 && c <= 0x9f)) {
        throw refused(
            raw, "it contains whitespace or a control or invisible character", "url.syntax");
      }
      if (c == '\\') {
        throw refused(raw, "it contains a backslash (some parsers read it as '/')", "url.syntax");
      }
    }
    if (raw.indexOf('#') >= 0) {
      throw refused(
          raw, "it has a #fragment (never sent to the server; leave it out)", "url.fragment");
    }
    int colon = raw.indexOf(':');
    String scheme = colon < 0 ? "" : raw.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw refused(
          raw,
          colon < 0 ? "it names no scheme" : "only the schemes http and https are checked",
          "url.scheme");
    }
    if (!raw.startsWith("//", colon + 1)) {
      throw refused(raw, "'" + scheme + ":' must be followed by '//' and the host", "url.syntax");
    }
    String rest = raw.substring(colon + 3);
    int end = firstOf(rest, "/?");
    String authority = end < 0 ? rest : rest.substring(0, end);
    String pathAndQuery = end < 0 ? "/" : rest.substring(end);
    if (pathAndQuery.startsWith("?")) {
      pathAndQuery = "/" + pathAndQuery;
    }
    if (authority.indexOf('@') >= 0) {
      throw refused(
          raw,
          "it carries user information ('user@' or 'user:password@' before the host)",
          "url.userinfo");
    }
    if (authority.indexOf('%') >= 0) {
      throw refused(
          raw,
          "its host part is percent-encoded ('%'; encoded dots, slashes and IPv6 zone ids are refused)",
          "url.authority");
    }
    String hostText;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw refused(raw, "'[' without ']' in the host", "url.authority");
      }
      hostText = authority.substring(0, close + 1);
      String after = authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw refused(raw, "only ':PORT' may follow ']'", "url.authority");
        }
        portText = after.substring(1);
      }
    } else {
      int colons = (int) authority.chars().filter(c -> c == ':').count();
      if (colons > 1) {
        throw refused(
            raw,
            "an IPv6 address in a URL needs brackets, e.g. http://[2001:db8::1]:8080/",
            "url.authority");
      }
      hostText = colons == 0 ? authority : authority.substring(0, authority.indexOf(':'));
      portText = colons == 0 ? null : authority.substring(authority.indexOf(':') + 1);
    }
    if (hostText.isEmpty()) {
      throw refused(raw, "it names no host", "url.authority");
    }
    if (portText != null && portText.isEmpty()) {
      throw refused(raw, "it has ':' but no port", "url.authority");
    }
    Host host;
    try {
      host = Host.parse(hostText);
    } catch (PolicyRefusedException e) {
      throw new PolicyRefusedException(
          new Refusal(
              e.refusal().refused() + " in the URL " + Refusal.quote(raw),
              e.refusal().rule(),
              e.refusal().allowed()));
    }
    int port;
    try {
      port = portText == null ? defaultPort(scheme) : Port.parse(portText);
    } catch (PolicyRefusedException e) {
      throw new PolicyRefusedException(
          new Refusal(
              e.refusal().refused() + " in the URL " + Refusal.quote(raw),
              e.refusal().rule(),
              e.refusal().allowed()));
    }
    checkPathAndQuery(raw, pathAndQuery);
    return new HttpUrl(scheme, host, port, pathAndQuery);
  }

  /** The scheme's port: 80 for http, 443 for https. */
  public static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /**
   * The URL curl is given: the canonical host (IPv6 in brackets), the port when it is not the
   * scheme's, the path as parsed.
   */
  public String text() {
    return scheme + "://" + authority() + pathAndQuery;
  }

  /** {@code host[:port]} as it appears in {@link #text()}. */
  public String authority() {
    return hostInUrl() + (port == defaultPort(scheme) ? "" : ":" + port);
  }

  /** The host as a URL writes it: an IPv6 address in brackets. */
  public String hostInUrl() {
    String canonical = host.canonical();
    return canonical.indexOf(':') >= 0 ? "[" + canonical + "]" : canonical;
  }

  /** {@code host:port} always with the port, for the audit and for messages. */
  public String origin() {
    return hostInUrl() + ":" + port;
  }

  /** The path without the query. */
  public String path() {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }

  private static void checkPathAndQuery(String raw, String pathAndQuery) {
    for (int i = 0; i < pathAndQuery.length(); i++) {
      char c = pathAndQuery.charAt(i);
      if (c == '%') {
        if (i + 2 >= pathAndQuery.length()
            || !isHex(pathAndQuery.charAt(i + 1))
            || !isHex(pathAndQuery.charAt(i + 2))) {
          throw refused(
              raw, "a '%' in the path or query is not followed by two hex digits", "url.path");
        }
        continue;
      }
      if (!isPathCharacter(c)) {
        throw refused(
            raw,
            c >= 0x80
                ? "the path or query holds non-ASCII characters (percent-encode them as UTF-8)"
                : "the path or query holds '" + c + "', which a URL must percent-encode",
            "url.path");
      }
    }
  }

  /** RFC 3986 pchar, '/' and '?': unreserved, sub-delims, ':' and '@'. */
  private static boolean isPathCharacter(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
  }

  private static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static PolicyRefusedException refused(String raw, String reason, String rule) {
    return new PolicyRefusedException(Refusal.of("URL", raw, reason, rule, FORMS));
  }
}
