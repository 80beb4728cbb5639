package io.itmcp.gateway.tools.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one curl run said on stderr, read before any redaction; pure.
 *
 * <p>Trust: the report line ({@link CurlArgv#REPORT_PREFIX}) is the last thing curl writes, after
 * everything the server sent, so only the last such line counts and only lines before it are read
 * for the response. Every line of the response's head is printed by curl with the prefix {@code "<
 * "}, so nothing a server sends can pass for a line of curl's own. The final response is the last
 * block that starts with {@code < HTTP/} (interim 1xx responses come before it).
 *
 * @param fields the report's {@code key=value} pairs; empty when the report is missing
 * @param statusLine the final response's status line, e.g. {@code HTTP/1.1 302 Found}; null without
 *     one
 * @param headers the final response's header lines in order, as sent
 * @param error curl's error message ({@code curl: (7) ...} without the prefix); null when it had
 *     none
 * @param tls protocol and cipher ({@code TLSv1.3 / TLS_AES_256_GCM_SHA384}); null for http
 */
public record CurlReport(
    Map<String, String> fields, String statusLine, List<Header> headers, String error, String tls) {

  /** One response header line, as sent. */
  public record Header(String name, String value) {}

  public CurlReport {
    fields = Map.copyOf(fields);
    headers = List.copyOf(headers);
  }

  public static CurlReport parse(String stderr) {
    String[] lines = stderr.split("\n", -1);
    int reportAt = -1;
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].startsWith(CurlArgv.REPORT_PREFIX)) {
        reportAt = i;
        break;
      }
    }
    Map<String, String> fields =
        reportAt < 0
            ? Map.of()
            : fields(lines[reportAt].substring(CurlArgv.REPORT_PREFIX.length()));
    int headEnd = reportAt < 0 ? lines.length : reportAt;
    String statusLine = null;
    List<Header> headers = new ArrayList<>();
    boolean inHead = false;
    String tls = null;
    for (int i = 0; i < headEnd; i++) {
      String line = withoutCr(lines[i]);
      if (line.startsWith("< HTTP/")) {
        statusLine = line.substring(2);
        headers = new ArrayList<>();
        inHead = true;
      } else if (line.startsWith("< ") && inHead) {
        String h = line.substring(2);
        int colon = h.indexOf(':');
        if (h.isEmpty()) {
          inHead = false;
        } else if (colon > 0) {
          headers.add(new Header(h.substring(0, colon), h.substring(colon + 1).strip()));
        }
      } else if (line.equals("<")) {
        inHead = false;
      } else if (line.startsWith("* SSL connection using ")) {
        tls = line.substring("* SSL connection using ".length()).strip();
      }
    }
    String error = null;
    for (String raw : lines) {
      String line = withoutCr(raw);
      if (line.startsWith("curl: (")) {
        error = line.substring("curl: ".length());
      }
    }
    return new CurlReport(fields, statusLine, headers, error, tls);
  }

  /** Whether curl's report line was there (it is not when curl was killed or its output cut). */
  public boolean complete() {
    return !fields.isEmpty();
  }

  /** curl's exit status as it reported it; empty without the report. */
  public Optional<Integer> exit() {
    return integer("exit");
  }

  /** The HTTP status of the final response; 0 when there was none. */
  public int status() {
    return integer("code").orElse(0);
  }

  /** The first header of that name (case-insensitive). */
  public Optional<String> header(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .findFirst();
  }

  /**
   * A report time (curl gives seconds since the request started) in milliseconds; empty without it.
   */
  public Optional<Double> millis(String key) {
    String v = fields.get(key);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Math.round(Double.parseDouble(v) * 1_000_000d) / 1000d);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public Optional<Integer> integer(String key) {
    String v = fields.get(key);
    if (v == null || v.isEmpty() || v.length() > 18) {
      return Optional.empty();
    }
    try {
      return Optional.of((int) Math.min(Integer.MAX_VALUE, Long.parseLong(v)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Map<String, String> fields(String text) {
    Map<String, String> out = new HashMap<>();
    for (String pair : text.strip().split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return out;
  }

  private static String withoutCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
