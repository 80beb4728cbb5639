/**
 * http_check_tool: the caller's URL parsed once by the gateway ({@link
 * io.itmcp.gateway.tools.http.HttpUrl}), its host and port checked and its address resolved once
 * and pinned ({@link io.itmcp.gateway.tools.http.PinnedTarget}), curl's argv with an empty
 * environment and no proxy, cookies, files or other protocols ({@link
 * io.itmcp.gateway.tools.http.CurlArgv}), curl's stderr read before redaction ({@link
 * io.itmcp.gateway.tools.http.CurlReport}), redirects made absolute and checked like the first URL
 * ({@link io.itmcp.gateway.tools.http.RedirectLocation}), and the answer with its headers redacted
 * ({@link io.itmcp.gateway.tools.http.HttpCheckAnswer}, {@link
 * io.itmcp.gateway.tools.http.HeaderRedaction}). Everything but the tool's wiring is pure.
 */
package io.itmcp.gateway.tools.http;
