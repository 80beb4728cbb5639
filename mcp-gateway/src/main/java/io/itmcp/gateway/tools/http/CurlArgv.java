package io.itmcp.gateway.tools.http;

import io.itmcp.policy.Host;
import java.util.ArrayList;
import java.util.List;

/**
 * The argv of one request; pure. {@code env -i} gives curl an empty environment: no proxy
 * variables, no {@code SSLKEYLOGFILE} (a file written), no {@code CURL_CA_BUNDLE} or {@code
 * CURL_HOME}. Then curl's own options:
 *
 * <ul>
 *   <li>{@code -q} (first, as curl requires): no {@code .curlrc} is read;
 *   <li>{@code --noproxy *}: no proxy, whatever the environment held;
 *   <li>{@code --proto =http,https --proto-redir =http,https --max-redirs 0}: no other protocol,
 *       and curl follows nothing itself (the gateway checks each hop and plans it as a new
 *       request);
 *   <li>{@code --globoff}: brackets and braces in the URL are not curl's globbing patterns;
 *   <li>{@code --resolve HOST:PORT:ADDRESS} for a name: the address the gateway checked ({@link
 *       PinnedTarget}), so curl does not look the name up again; the Host header and SNI still
 *       carry the name;
 *   <li>{@code --head} for HEAD; GET sends no body; no cookie engine ({@code -b}/{@code -c} are
 *       never given), no output file ({@code -o}): the body goes to stdout, kept up to {@code
 *       max_bytes} by the runtime;
 *   <li>{@code --verbose}: the status line and response headers on stderr, each line prefixed
 *       {@code < }, and {@code --write-out} with {@code %{stderr}}: curl's report (exit, status,
 *       address, timings, sizes) as the last line on stderr, after everything the server sent, as
 *       {@value #REPORT_PREFIX}{@code key=value ...} with numbers and addresses only (the newlines
 *       are curl's {@code \n} escapes, so no argv word holds a control character);
 *   <li>{@code --connect-timeout} and {@code --max-time}: the request's timeout;
 *   <li>{@code --} then the URL as the gateway rebuilt it ({@link HttpUrl#text()}).
 * </ul>
 *
 * Certificates are verified against the sandbox's CA bundle; there is no option to skip that.
 */
public final class CurlArgv {

  static final String REPORT_PREFIX = "itmcp-http-check ";
  static final String WRITE_OUT =
      "%{stderr}\\n"
          + REPORT_PREFIX
          + "exit=%{exitcode} code=%{response_code} version=%{http_version} ip=%{remote_ip} port=%{remote_port}"
          + " lookup=%{time_namelookup} connect=%{time_connect} tls=%{time_appconnect}"
          + " first_byte=%{time_starttransfer} total=%{time_total} size=%{size_download} verify=%{ssl_verify_result}\\n";

  private CurlArgv() {}

  public static List<String> of(HttpRequest request) {
    PinnedTarget target = request.target();
    HttpUrl url = target.url();
    String seconds = Integer.toString(request.timeoutSeconds());
    List<String> argv =
        new ArrayList<>(
            List.of(
                "env",
                "-i",
                "curl",
                "-q",
                "--silent",
                "--show-error",
                "--verbose",
                "--globoff",
                "--noproxy",
                "*",
                "--proto",
                "=http,https",
                "--proto-redir",
                "=http,https",
                "--max-redirs",
                "0",
                "--connect-timeout",
                seconds,
                "--max-time",
                seconds));
    if (request.method().equals("HEAD")) {
      argv.add("--head");
    }
    if (url.host() instanceof Host.Name name) {
      argv.add("--resolve");
      argv.add(name.ascii() + ":" + url.port() + ":" + bracketedIfV6(target.addressText()));
    }
    argv.add("--write-out");
    argv.add(WRITE_OUT);
    argv.add("--");
    argv.add(url.text());
    return argv;
  }

  private static String bracketedIfV6(String address) {
    return address.indexOf(':') >= 0 ? "[" + address + "]" : address;
  }
}
