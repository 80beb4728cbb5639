package io.itmcp.gateway.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.EffectivePolicy;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * curl gets an empty environment, no proxy, no other protocol, no cookies or files, the pinned
 * address and the rebuilt URL.
 */
class CurlArgvTest {

  private static final EffectivePolicy POLICY =
      TestPolicies.builder().hosts("web.example.com", "[2001:db8::1]:8443", "192.0.2.7").build();

  private static HttpRequest request(String method, String url, String address) throws Exception {
    PinnedTarget target =
        PinnedTarget.of(
            HttpUrl.parse(url),
            POLICY,
            name ->
                new InetAddress[] {
                  InetAddress.getByAddress(name, InetAddress.getByName(address).getAddress())
                },
            System::nanoTime);
    return new HttpRequest(method, target, 0, false, 7, 0);
  }

  @Test
  void theArgvHoldsEveryGuard() throws Exception {
    List<String> argv = CurlArgv.of(request("GET", "https://WEB.example.com/a?b=c", "192.0.2.10"));
    assertThat(argv.subList(0, 4))
        .as("an empty environment, then curl with -q first (no .curlrc)")
        .containsExactly("env", "-i", "curl", "-q");
    assertThat(String.join(" ", argv))
        .contains(
            "--noproxy *",
            "--proto =http,https",
            "--proto-redir =http,https",
            "--max-redirs 0",
            "--globoff",
            "--connect-timeout 7",
            "--max-time 7",
            "--resolve web.example.com:443:192.0.2.10");
    assertThat(argv).endsWith("--", "https://web.example.com/a?b=c");
    assertThat(argv)
        .as(
            "no redirect following, cookie engine, output or input file, insecure TLS, proxy or netrc")
        .doesNotContain(
            "-L",
            "--location",
            "-b",
            "--cookie",
            "-c",
            "--cookie-jar",
            "-o",
            "--output",
            "-O",
            "-k",
            "--insecure",
            "-x",
            "--proxy",
            "-n",
            "--netrc",
            "-K",
            "--config",
            "-T",
            "-d",
            "--data",
            "-F",
            "-H",
            "-u");
    assertThat(argv).doesNotContain("--head");
  }

  @Test
  void headUsesCurlsHeadAndAnIpv6AddressIsBracketed() throws Exception {
    assertThat(CurlArgv.of(request("HEAD", "http://web.example.com:8080/", "2001:db8::5")))
        .contains("--head")
        .containsSubsequence("--resolve", "web.example.com:8080:[2001:db8::5]");
  }

  @Test
  void anIpAddressNeedsNoResolve() throws Exception {
    List<String> argv = CurlArgv.of(request("HEAD", "https://[2001:db8::1]:8443/x", "2001:db8::1"));
    assertThat(argv).doesNotContain("--resolve").endsWith("--", "https://[2001:db8::1]:8443/x");
    assertThat(CurlArgv.of(request("HEAD", "http://192.0.2.7/", "192.0.2.7")))
        .doesNotContain("--resolve");
  }

  @Test
  void theReportIsWrittenToStderrLastWithNumbersOnly() {
    assertThat(CurlArgv.WRITE_OUT)
        .startsWith("%{stderr}\\n" + CurlArgv.REPORT_PREFIX)
        .endsWith("\\n")
        .doesNotContain("\n")
        .doesNotContain("%{json}", "%{header_json}", "%{url", "%{redirect_url}", "%{errormsg}");
  }
}
