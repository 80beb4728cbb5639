package io.itmcp.gateway.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.policy.PolicyRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Location is made absolute against the URL that answered (RFC 3986 5.2), then parsed with every
 * rule of the first URL.
 */
class RedirectLocationTest {

  private static final HttpUrl BASE = HttpUrl.parse("https://web.example.com:8443/a/b/c?q=1");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://other.example.com/x | https://other.example.com/x",
        "HTTP://Other.Example.com:8080 | http://other.example.com:8080/",
        "//other.example.com/x | https://other.example.com/x",
        "/x/y?z | https://web.example.com:8443/x/y?z",
        "?r=2 | https://web.example.com:8443/a/b/c?r=2",
        "d | https://web.example.com:8443/a/b/d",
        "./d | https://web.example.com:8443/a/b/d",
        "../d | https://web.example.com:8443/a/d",
        "../../../../d | https://web.example.com:8443/d",
        "/x/./y/../z | https://web.example.com:8443/x/z",
        "'  /padded  ' | https://web.example.com:8443/padded"
      })
  void referencesResolve(String location, String absolute) {
    assertThat(RedirectLocation.resolve(BASE, location).text()).isEqualTo(absolute);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://a#@evil.com/ | url.fragment",
        "/next#frag | url.fragment",
        "http://user:pw@web.example.com/ | url.userinfo",
        "//user@evil.com/ | url.userinfo",
        "/\\evil.com | url.syntax",
        "\\\\evil.com\\x | url.syntax",
        "ftp://web.example.com/ | url.scheme",
        "file:///etc/passwd | url.scheme",
        "gopher://127.0.0.1:6379/_x | url.scheme",
        "http://0x7f.1/ | host.syntax",
        "http://2130706433/ | host.syntax",
        "http://127%2e0.0.1/ | url.authority",
        "http://[::1%25lo]/ | url.authority",
        "/caf\u00e9 | url.path"
      })
  void hostileLocationsAreRefusedWithTheirRule(String location, String rule) {
    assertThatThrownBy(() -> RedirectLocation.resolve(BASE, location))
        .isInstanceOfSatisfying(
            PolicyRefusedException.class, e -> assertThat(e.refusal().rule()).isEqualTo(rule));
  }

  @Test
  void anEmptyLocationIsRefused() {
    assertThatThrownBy(() -> RedirectLocation.resolve(BASE, "  "))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessageContaining("it is empty");
  }

  @Test
  void onlyTheRedirectStatusesRedirect() {
    assertThat(RedirectLocation.REDIRECTS).containsExactlyInAnyOrder(301, 302, 303, 307, 308);
  }
}
