package io.itmcp.gateway.tools.http;

/**
 * One request of an http_check_tool call, as planned: the plan's context, from which the next hop
 * of a redirect is planned.
 *
 * @param method {@code HEAD} or {@code GET}
 * @param target the URL and the address the connection is pinned to
 * @param maxBytes how much of the body to return
 * @param followRedirects whether the caller asked for redirects to be followed
 * @param timeoutSeconds curl's limit for this request (connect and whole transfer)
 * @param hop 0 for the caller's URL, 1 for the first redirect followed, and so on
 */
public record HttpRequest(
    String method,
    PinnedTarget target,
    int maxBytes,
    boolean followRedirects,
    int timeoutSeconds,
    int hop) {

  /**
   * The redirect that follows this request: the same method, body limit and choice, the next hop.
   */
  HttpRequest redirectedTo(PinnedTarget next, int timeoutSeconds) {
    return new HttpRequest(method, next, maxBytes, followRedirects, timeoutSeconds, hop + 1);
  }
}
