package io.itmcp.gateway.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.policy.Host;
import io.itmcp.policy.PolicyRefusedException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The URL is parsed once, by the gateway: every hostile form is refused with its rule; the clean
 * ones are rebuilt.
 */
class HttpUrlTest {

  static Stream<Arguments> hostile() {
    return Stream.of(
        // userinfo, in every disguise
        Arguments.of("http://user@127.0.0.1/", "url.userinfo"),
        Arguments.of("http://user:pass@127.0.0.1/", "url.userinfo"),
        Arguments.of("http://127.0.0.1@evil.com/", "url.userinfo"),
        Arguments.of("http://allowed.example.com:80@evil.com/", "url.userinfo"),
        Arguments.of("http://@127.0.0.1/", "url.userinfo"),
        Arguments.of("https://a@b@c/", "url.userinfo"),
        // fragments that hide a host, and fragments at all
        Arguments.of("http://a#@b/", "url.fragment"),
        Arguments.of("http://127.0.0.1#@evil.com/", "url.fragment"),
        Arguments.of("http://127.0.0.1/#x", "url.fragment"),
        Arguments.of("http://evil.com#.allowed.example.com/", "url.fragment"),
        // backslashes (read as '/' by WHATWG parsers)
        Arguments.of("http://evil.com\\@127.0.0.1/", "url.syntax"),
        Arguments.of("http:\\\\127.0.0.1\\", "url.syntax"),
        Arguments.of("http://127.0.0.1\\.evil.com/", "url.syntax"),
        Arguments.of("http://127.0.0.1/a\\b", "url.syntax"),
        // percent-encoding in the authority: dots, slashes, '@', zone ids
        Arguments.of("http://127%2e0.0.1/", "url.authority"),
        Arguments.of("http://127.0.0.1%2f@evil.com/", "url.userinfo"),
        Arguments.of("http://evil.com%2f.allowed.example.com/", "url.authority"),
        Arguments.of("http://%31%32%37.0.0.1/", "url.authority"),
        Arguments.of("http://[fe80::1%25eth0]/", "url.authority"),
        Arguments.of("http://[fe80::1%eth0]/", "url.authority"),
        Arguments.of("http://allowed.example.com%40evil.com/", "url.authority"),
        // odd IPv4 forms
        Arguments.of("http://0x7f.1/", "host.syntax"),
        Arguments.of("http://0x7f000001/", "host.syntax"),
        Arguments.of("http://2130706433/", "host.syntax"),
        Arguments.of("http://127.1/", "host.syntax"),
        Arguments.of("http://0177.0.0.1/", "host.syntax"),
        Arguments.of("http://127.0.0.01/", "host.syntax"),
        Arguments.of("http://127.0.0.1.5/", "host.syntax"),
        Arguments.of("http://017700000001/", "host.syntax"),
        Arguments.of("http://0/", "host.syntax"),
        Arguments.of("http://\uff11\uff12\uff17.0.0.1/", "host.syntax"),
        Arguments.of("http://127\u30020\u30020\u30021/", "host.syntax"),
        // IPv6 without brackets, with garbage after ']', deprecated forms, host:port games
        Arguments.of("http://::1/", "url.authority"),
        Arguments.of("http://[::1]x/", "url.authority"),
        Arguments.of("http://[::1/", "url.authority"),
        Arguments.of("http://[::127.0.0.1]/", "host.syntax"),
        Arguments.of("http://[127.0.0.1]/", "host.syntax"),
        Arguments.of("http://[evil.com]/", "host.syntax"),
        Arguments.of("http://127.0.0.1:80:80/", "url.authority"),
        // non-ASCII hosts that are not a valid IDN
        Arguments.of("http://xn--zz.example.com/", "host.syntax"),
        Arguments.of("http://\uff45\uff56\uff49\uff4c.com/", "host.syntax"),
        Arguments.of("http://ex\u00e4mple\u2603\u2764.com/", "host.syntax"),
        Arguments.of("http://a_b.example.com/", "host.syntax"),
        Arguments.of("http://-evil.example.com/", "host.syntax"),
        Arguments.of("http://a..b/", "host.syntax"),
        // ports
        Arguments.of("http://127.0.0.1:0/", "port.syntax"),
        Arguments.of("http://127.0.0.1:65536/", "port.syntax"),
        Arguments.of("http://127.0.0.1:080/", "port.syntax"),
        Arguments.of("http://127.0.0.1:+80/", "port.syntax"),
        Arguments.of("http://127.0.0.1:8o/", "port.syntax"),
        Arguments.of("http://127.0.0.1:/", "url.authority"),
        Arguments.of("http://127.0.0.1:99999999999999999999/", "port.syntax"),
        // schemes
        Arguments.of("ftp://127.0.0.1/", "url.scheme"),
        Arguments.of("file:///etc/passwd", "url.scheme"),
        Arguments.of("gopher://127.0.0.1:6379/_FLUSHALL", "url.scheme"),
        Arguments.of("dict://127.0.0.1:11211/", "url.scheme"),
        Arguments.of("javascript:alert(1)", "url.scheme"),
        Arguments.of("//127.0.0.1/", "url.scheme"),
        Arguments.of("127.0.0.1/", "url.scheme"),
        Arguments.of("http:127.0.0.1/", "url.syntax"),
        Arguments.of("http:/127.0.0.1/", "url.syntax"),
        Arguments.of("https+unix://x/", "url.scheme"),
        // an empty host
        Arguments.of("http:///etc/passwd", "url.authority"),
        Arguments.of("http://:80/", "url.authority"),
        // whitespace and controls
        Arguments.of("http://127.0.0.1 /", "url.syntax"),
        Arguments.of(" http://127.0.0.1/", "url.syntax"),
        Arguments.of("http://127.0.0.1/\r\nHost: evil", "url.syntax"),
        Arguments.of("http://127.0.0.1/\u0000", "url.syntax"),
        Arguments.of("http://127.0.0.1/\u200b", "url.syntax"),
        Arguments.of("http://127.0.0.1/\u0085", "url.syntax"),
        Arguments.of("http://127.0.0.1\t/", "url.syntax"),
        Arguments.of("http://127.0.0.1/\u00a0", "url.syntax"),
        Arguments.of("", "url.syntax"),
        Arguments.of("http://127.0.0.1/" + "a".repeat(HttpUrl.MAX_LENGTH), "url.syntax"),
        // paths and queries curl or a server could read as something else
        Arguments.of("http://127.0.0.1/{a,b}", "url.path"),
        Arguments.of("http://127.0.0.1/[1-9]", "url.path"),
        Arguments.of("http://127.0.0.1/a\"b", "url.path"),
        Arguments.of("http://127.0.0.1/<script>", "url.path"),
        Arguments.of("http://127.0.0.1/a|b", "url.path"),
        Arguments.of("http://127.0.0.1/a^b", "url.path"),
        Arguments.of("http://127.0.0.1/a`b", "url.path"),
        Arguments.of("http://127.0.0.1/%", "url.path"),
        Arguments.of("http://127.0.0.1/%zz", "url.path"),
        Arguments.of("http://127.0.0.1/%4", "url.path"),
        Arguments.of("http://127.0.0.1/caf\u00e9", "url.path"),
        Arguments.of("http://127.0.0.1/?q=\u00e9", "url.path"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("hostile")
  void hostileUrlsAreRefusedWithTheirRule(String url, String rule) {
    assertThatThrownBy(() -> HttpUrl.parse(url))
        .isInstanceOfSatisfying(
            PolicyRefusedException.class,
            e -> {
              assertThat(e.refusal().rule()).isEqualTo(rule);
              assertThat(e.getMessage())
                  .startsWith("refused ")
                  .contains("(rule " + rule + ")")
                  .contains("; allowed: ");
            });
  }

  @Test
  void theRefusalSaysWhatWasRefusedByWhichRuleAndWhatIsAllowed() {
    assertThatThrownBy(() -> HttpUrl.parse("http://a#@b/"))
        .hasMessage(
            "refused URL 'http://a#@b/' because it has a #fragment (never sent to the server; leave it out)"
                + " (rule url.fragment); allowed: "
                + HttpUrl.FORMS);
    assertThatThrownBy(() -> HttpUrl.parse("http://0x7f.1/"))
        .hasMessageContaining("refused host '0x7f.1' because it ends in a number")
        .hasMessageContaining("in the URL 'http://0x7f.1/'")
        .hasMessageContaining("(rule host.syntax)");
  }

  static Stream<Arguments> clean() {
    return Stream.of(
        Arguments.of("http://127.0.0.1/", "http", "127.0.0.1", 80, "/", "http://127.0.0.1/"),
        Arguments.of(
            "HTTP://Web.Example.COM",
            "http",
            "web.example.com",
            80,
            "/",
            "http://web.example.com/"),
        Arguments.of(
            "https://web.example.com./health?x=1&y=%2F",
            "https",
            "web.example.com",
            443,
            "/health?x=1&y=%2F",
            "https://web.example.com/health?x=1&y=%2F"),
        Arguments.of(
            "https://web.example.com:443/",
            "https",
            "web.example.com",
            443,
            "/",
            "https://web.example.com/"),
        Arguments.of(
            "http://web.example.com:8080?q",
            "http",
            "web.example.com",
            8080,
            "/?q",
            "http://web.example.com:8080/?q"),
        Arguments.of("http://[::1]:8080/a", "http", "::1", 8080, "/a", "http://[::1]:8080/a"),
        Arguments.of("http://[0:0:0:0:0:0:0:1]/", "http", "::1", 80, "/", "http://[::1]/"),
        Arguments.of(
            "http://[::ffff:127.0.0.1]/", "http", "127.0.0.1", 80, "/", "http://127.0.0.1/"),
        Arguments.of(
            "https://b\u00fccher.example/",
            "https",
            "xn--bcher-kva.example",
            443,
            "/",
            "https://xn--bcher-kva.example/"),
        Arguments.of(
            "http://127.0.0.1/a/../b;p=1/@x:y!$'()*+,=~",
            "http",
            "127.0.0.1",
            80,
            "/a/../b;p=1/@x:y!$'()*+,=~",
            "http://127.0.0.1/a/../b;p=1/@x:y!$'()*+,=~"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clean")
  void cleanUrlsAreParsedAndRebuiltCanonically(
      String raw, String scheme, String host, int port, String path, String text) {
    HttpUrl url = HttpUrl.parse(raw);
    assertThat(url.scheme()).isEqualTo(scheme);
    assertThat(url.host().canonical()).isEqualTo(host);
    assertThat(url.port()).isEqualTo(port);
    assertThat(url.pathAndQuery()).isEqualTo(path);
    assertThat(url.text()).isEqualTo(text);
    assertThat(HttpUrl.parse(url.text()))
        .as("the rebuilt URL parses to the same parts")
        .isEqualTo(url);
  }

  @Test
  void aNameAndAnAddressAreTellable() {
    assertThat(HttpUrl.parse("http://web.example.com/").host()).isInstanceOf(Host.Name.class);
    assertThat(HttpUrl.parse("http://192.0.2.7/").host()).isInstanceOf(Host.Address.class);
    assertThat(HttpUrl.parse("http://[2001:db8::1]:8443/").origin())
        .isEqualTo("[2001:db8::1]:8443");
  }
}
