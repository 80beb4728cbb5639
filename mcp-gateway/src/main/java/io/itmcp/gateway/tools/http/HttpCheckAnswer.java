package io.itmcp.gateway.tools.http;

import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.tools.Next;
import io.itmcp.gateway.tools.OrderedMaps;
import io.itmcp.gateway.tools.ToolAnswer;
import io.itmcp.gateway.tools.ToolStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an http_check_tool call shows, built from its requests before the runner's redaction; pure.
 *
 * <p>The text: one line per request that was redirected (method, URL, address, status, Location),
 * then the final response: the request line, the status line, the headers (values redacted by
 * {@link HeaderRedaction}), the timings, TLS, the body when asked for, and why a redirect was not
 * followed. stderr carries only curl's error message, never its verbose trace (which holds the
 * request too). The exit status is curl's of the last request.
 *
 * <p>structuredContent adds {@link #PROPERTIES}: {@code url}, {@code method}, {@code address},
 * {@code status}, {@code statusLine}, {@code headers}, {@code timings}, {@code tls}, {@code body},
 * {@code bodyBytes}, {@code bodyTruncated}, {@code error}, {@code hops} and {@code
 * redirectNotFollowed}.
 */
public final class HttpCheckAnswer {

  private static final Map<String, Object> NUMBER = OrderedMaps.of("type", "number");
  private static final Map<String, Object> STRING = OrderedMaps.of("type", "string");

  /** The JSON Schemas of the properties http_check_tool adds to structuredContent. */
  public static final Map<String, Object> PROPERTIES = properties();

  private HttpCheckAnswer() {}

  public static ToolAnswer of(List<ToolStep> steps, Next.End end) {
    StringBuilder text = new StringBuilder();
    List<Map<String, Object>> hops = new ArrayList<>();
    long durationMs = 0;
    for (int i = 0; i < steps.size(); i++) {
      ToolStep step = steps.get(i);
      HttpRequest request = (HttpRequest) step.plan().context();
      CurlReport report = CurlReport.parse(step.result().stderr());
      durationMs += step.result().durationMs();
      hops.add(hop(request, report));
      if (i < steps.size() - 1) {
        text.append("hop ")
            .append(i + 1)
            .append(": ")
            .append(requestLine(request))
            .append(" -> ")
            .append(report.statusLine() == null ? "no response" : report.statusLine())
            .append(", Location: ")
            .append(report.header("Location").orElse("(none)"))
            .append('\n');
      }
    }
    ToolStep last = steps.get(steps.size() - 1);
    HttpRequest request = (HttpRequest) last.plan().context();
    CurlReport report = CurlReport.parse(last.result().stderr());
    ExecResult raw = last.result();
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("url", request.target().url().text());
    structured.put("method", request.method());
    structured.put("address", request.target().addressText());
    structured.put("status", report.status());
    text.append(requestLine(request)).append('\n');
    if (report.statusLine() != null) {
      structured.put("statusLine", report.statusLine());
      text.append(report.statusLine()).append('\n');
    } else {
      text.append("no HTTP response")
          .append(report.error() == null ? "" : ": " + report.error())
          .append('\n');
    }
    List<Map<String, Object>> headers = new ArrayList<>();
    for (CurlReport.Header h : report.headers()) {
      String value = HeaderRedaction.value(h.name(), h.value());
      headers.add(OrderedMaps.of("name", h.name(), "value", value));
      text.append(h.name()).append(": ").append(value).append('\n');
    }
    structured.put("headers", headers);
    Map<String, Object> timings = timings(request, report);
    structured.put("timings", timings);
    text.append('\n').append(describeTimings(timings)).append('\n');
    if (report.tls() != null) {
      structured.put("tls", report.tls());
      text.append("TLS: ").append(report.tls()).append('\n');
    }
    int received = report.integer("size").orElse(raw.stdout().length());
    boolean bodyCut = received > request.maxBytes();
    structured.put("bodyBytes", received);
    structured.put("bodyTruncated", bodyCut);
    if (request.method().equals("GET") && request.maxBytes() > 0) {
      structured.put("body", raw.stdout());
      text.append("body: ")
          .append(received)
          .append(" bytes")
          .append(bodyCut ? ", the first " + request.maxBytes() + " shown (max_bytes)" : "")
          .append('\n')
          .append(raw.stdout());
      if (!raw.stdout().isEmpty() && !raw.stdout().endsWith("\n")) {
        text.append('\n');
      }
    } else if (received > 0) {
      text.append("body: ").append(received).append(" bytes, not shown (max_bytes is 0)\n");
    }
    if (report.error() != null) {
      structured.put("error", report.error());
    }
    if (!report.complete() && !raw.timedOut()) {
      text.append(
          "curl's report is missing (its output was cut at limits.maxOutputBytes); timings unknown\n");
    }
    structured.put("hops", hops);
    if (end.note() != null) {
      structured.put("redirectNotFollowed", end.note());
      text.append(end.note()).append('\n');
    }
    String stderr = report.error() == null ? "" : "curl: " + report.error() + "\n";
    ExecResult shown =
        new ExecResult(
            raw.exitCode(), text.toString(), stderr, raw.truncated(), raw.timedOut(), durationMs);
    return new ToolAnswer(shown, structured);
  }

  private static String requestLine(HttpRequest request) {
    return request.method()
        + " "
        + request.target().url().text()
        + " ("
        + addressWithPort(request)
        + ")";
  }

  private static String addressWithPort(HttpRequest request) {
    String address = request.target().addressText();
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address)
        + ":"
        + request.target().url().port();
  }

  private static Map<String, Object> hop(HttpRequest request, CurlReport report) {
    Map<String, Object> hop = new LinkedHashMap<>();
    hop.put("url", request.target().url().text());
    hop.put("address", request.target().addressText());
    hop.put("status", report.status());
    report.header("Location").ifPresent(l -> hop.put("location", l));
    return hop;
  }

  /**
   * dnsMs is the gateway's own lookup before the request (curl is given the address); the others
   * are curl's, in milliseconds since the request started: connected, TLS handshake done (https
   * only), first byte of the response, done. A time curl did not reach, or does not report (it
   * gives no connect time for a request that failed in the TLS handshake), is left out.
   */
  private static Map<String, Object> timings(HttpRequest request, CurlReport report) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("dnsMs", Math.round(request.target().lookup().toNanos() / 1000d) / 1000d);
    putPositive(t, "connectMs", report.millis("connect").orElse(0d));
    if (request.target().url().scheme().equals("https")) {
      putPositive(t, "tlsMs", report.millis("tls").orElse(0d));
    }
    putPositive(t, "firstByteMs", report.millis("first_byte").orElse(0d));
    putPositive(t, "totalMs", report.millis("total").orElse(0d));
    return t;
  }

  private static void putPositive(Map<String, Object> t, String key, double value) {
    if (value > 0) {
      t.put(key, value);
    }
  }

  private static String describeTimings(Map<String, Object> t) {
    StringBuilder out =
        new StringBuilder("timings (ms): name lookup by the gateway ")
            .append(format(t.get("dnsMs")));
    for (String[] k :
        new String[][] {
          {"connectMs", "connected"},
          {"tlsMs", "TLS done"},
          {"firstByteMs", "first byte"},
          {"totalMs", "total"}
        }) {
      if (t.containsKey(k[0])) {
        out.append(", ").append(k[1]).append(' ').append(format(t.get(k[0])));
      }
    }
    return out.toString();
  }

  private static String format(Object ms) {
    return String.format(Locale.ROOT, "%.1f", ((Number) ms).doubleValue());
  }

  private static Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("url", described(STRING, "the URL of the last request, as the gateway rebuilt it"));
    p.put("method", described(STRING, "HEAD or GET"));
    p.put("address", described(STRING, "the address the last request was pinned to"));
    p.put(
        "status",
        described(
            OrderedMaps.of("type", "integer"), "the final HTTP status; 0 without a response"));
    p.put("statusLine", described(STRING, "the final response's status line"));
    p.put(
        "headers",
        described(
            OrderedMaps.of(
                "type",
                "array",
                "items",
                OrderedMaps.of(
                    "type",
                    "object",
                    "properties",
                    OrderedMaps.of("name", STRING, "value", STRING),
                    "required",
                    List.of("name", "value"))),
            "the final response's headers in order; Set-Cookie and secret-like values redacted"));
    Map<String, Object> timingProps = new LinkedHashMap<>();
    for (String k : List.of("dnsMs", "connectMs", "tlsMs", "firstByteMs", "totalMs")) {
      timingProps.put(k, NUMBER);
    }
    p.put(
        "timings",
        described(
            OrderedMaps.of("type", "object", "properties", timingProps),
            "dnsMs: the gateway's lookup; the rest ms since the request started"));
    p.put("tls", described(STRING, "protocol and cipher (https)"));
    p.put("body", described(STRING, "the body's first max_bytes bytes (GET)"));
    p.put("bodyBytes", described(OrderedMaps.of("type", "integer"), "body bytes received"));
    p.put(
        "bodyTruncated",
        described(OrderedMaps.of("type", "boolean"), "more body arrived than max_bytes"));
    p.put("error", described(STRING, "curl's error, when the request failed"));
    p.put(
        "hops",
        described(
            OrderedMaps.of("type", "array", "items", OrderedMaps.of("type", "object")),
            "every request in order: url, address, status, location"));
    p.put("redirectNotFollowed", described(STRING, "why the last redirect was not followed"));
    return java.util.Collections.unmodifiableMap(p);
  }

  private static Map<String, Object> described(Map<String, Object> schema, String description) {
    Map<String, Object> s = new LinkedHashMap<>(schema);
    s.put("description", description);
    return s;
  }
}
