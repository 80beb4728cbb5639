package io.itmcp.gateway.tools.http;

import io.itmcp.policy.PolicyRefusedException;
import io.itmcp.policy.Refusal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A redirect's {@code Location} made absolute against the URL that answered it (RFC 3986 section
 * 5.2), then parsed by {@link HttpUrl#parse} with every rule of the caller's own URL; pure. A
 * reference with a scheme stands alone; {@code //host/path} takes the scheme; {@code /path} the
 * scheme and authority; {@code ?query} also the path; any other reference is merged with the base
 * path and its dot segments removed. A '#' or a backslash anywhere is refused by the parse, as in
 * the caller's URL.
 */
public final class RedirectLocation {

  /** The statuses that redirect. 300 (multiple choices) and 304 (not modified) do not. */
  public static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private RedirectLocation() {}

  /**
   * The absolute URL of the redirect; throws {@link PolicyRefusedException} for one that the URL
   * rules refuse.
   */
  public static HttpUrl resolve(HttpUrl base, String location) {
    String ref = location.strip();
    if (ref.isEmpty()) {
      throw new PolicyRefusedException(
          Refusal.of("Location", location, "it is empty", "url.syntax", HttpUrl.FORMS));
    }
    return HttpUrl.parse(absolute(base, ref));
  }

  static String absolute(HttpUrl base, String ref) {
    if (SCHEME.matcher(ref).find()) {
      return ref;
    }
    if (ref.startsWith("//")) {
      return base.scheme() + ":" + ref;
    }
    String origin = base.scheme() + "://" + base.authority();
    if (ref.startsWith("/")) {
      return origin + withoutDotSegments(ref);
    }
    if (ref.startsWith("?")) {
      return origin + base.path() + ref;
    }
    String basePath = base.path();
    String merged = basePath.substring(0, basePath.lastIndexOf('/') + 1) + ref;
    return origin + withoutDotSegments(merged);
  }

  /** RFC 3986 5.2.4 on the path part; the query is kept as it is. */
  static String withoutDotSegments(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q);
    Deque<String> out = new ArrayDeque<>();
    String[] segments = path.split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      String s = segments[i];
      boolean last = i == segments.length - 1;
      if (s.equals(".")) {
        if (last) {
          out.addLast("");
        }
      } else if (s.equals("..")) {
        if (!out.isEmpty()) {
          out.removeLast();
        }
        if (last) {
          out.addLast("");
        }
      } else {
        out.addLast(s);
      }
    }
    return "/" + String.join("/", out) + query;
  }
}
