package io.itmcp.gateway.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.gateway.tools.network.CaptureScope;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyRefusedException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Host and port allowed with telnet_tool's meaning; a name resolved once and the request pinned to
 * an address that was checked: never an unspecified, multicast or broadcast address, and loopback
 * or link-local only when an address or CIDR entry names them with the port (DNS rebinding to the
 * gateway's host or to a metadata endpoint).
 */
class PinnedTargetTest {

  private final List<String> lookups = new ArrayList<>();

  private CaptureScope.Resolver resolving(Map<String, List<String>> table) {
    return name -> {
      lookups.add(name);
      List<String> addresses = table.get(name);
      if (addresses == null) {
        throw new UnknownHostException(name);
      }
      List<InetAddress> out = new ArrayList<>();
      for (String a : addresses) {
        out.add(InetAddress.getByAddress(name, InetAddress.getByName(a).getAddress()));
      }
      return out.toArray(InetAddress[]::new);
    };
  }

  private static EffectivePolicy hosts(String... entries) {
    return TestPolicies.builder().hosts(entries).build();
  }

  private PinnedTarget pin(String url, EffectivePolicy policy, Map<String, List<String>> dns) {
    return PinnedTarget.of(HttpUrl.parse(url), policy, resolving(dns), System::nanoTime);
  }

  private static String rule(Runnable r) {
    try {
      r.run();
    } catch (PolicyRefusedException e) {
      return e.refusal().rule();
    }
    return "not refused";
  }

  @Test
  void hostAndPortMeanWhatTheyMeanForTelnet() {
    Map<String, List<String>> dns = Map.of("web.example.com", List.of("192.0.2.10"));
    assertThat(pin("https://web.example.com/", hosts("web.example.com:443"), dns).addressText())
        .isEqualTo("192.0.2.10");
    assertThat(pin("http://web.example.com:8080/", hosts("web.example.com"), dns).addressText())
        .isEqualTo("192.0.2.10");
    assertThat(rule(() -> pin("http://web.example.com/", hosts("web.example.com:443"), dns)))
        .isEqualTo("allowedHosts");
    assertThat(rule(() -> pin("https://web.example.com:8443/", hosts("web.example.com:443"), dns)))
        .isEqualTo("allowedHosts");
    assertThat(rule(() -> pin("http://other.example.com/", hosts("web.example.com"), dns)))
        .isEqualTo("allowedHosts");
    assertThat(rule(() -> pin("http://192.0.2.10/", hosts("web.example.com"), dns)))
        .as("a name entry never allows its address")
        .isEqualTo("allowedHosts");
    assertThatThrownBy(() -> pin("http://web.example.com/", hosts("web.example.com:443"), dns))
        .hasMessageContaining("no entry covering it allows port 80")
        .hasMessageContaining("allowed: the hosts web.example.com:443");
  }

  @Test
  void aHostThatIsNotAllowedIsNeverLookedUp() {
    rule(
        () ->
            pin(
                "http://evil.example.com/",
                hosts("web.example.com"),
                Map.of("evil.example.com", List.of("192.0.2.66"))));
    assertThat(lookups).isEmpty();
  }

  @Test
  void theNameIsResolvedOnceAndTheFirstAcceptableAddressIsPinned() {
    Map<String, List<String>> dns =
        Map.of("web.example.com", List.of("127.0.0.1", "192.0.2.10", "192.0.2.11"));
    PinnedTarget t = pin("http://web.example.com/", hosts("web.example.com"), dns);
    assertThat(lookups).containsExactly("web.example.com");
    assertThat(t.addressText()).isEqualTo("192.0.2.10");
    assertThat(t.skipped()).singleElement().asString().startsWith("127.0.0.1 (a loopback");
  }

  @Test
  void aNameRebindingToLoopbackLinkLocalOrAnyIsRefused() {
    for (String evil :
        List.of(
            "127.0.0.1",
            "127.8.9.10",
            "::1",
            "169.254.169.254",
            "fe80::1",
            "0.0.0.0",
            "0.1.2.3",
            "::",
            "224.0.0.1",
            "ff02::1",
            "255.255.255.255",
            "::ffff:127.0.0.1",
            "::127.0.0.1",
            "fec0::1")) {
      Map<String, List<String>> dns = Map.of("web.example.com", List.of(evil));
      assertThat(rule(() -> pin("http://web.example.com/", hosts("web.example.com"), dns)))
          .as(evil)
          .isEqualTo(PinnedTarget.ADDRESS_RULE);
    }
    assertThatThrownBy(
            () ->
                pin(
                    "http://web.example.com/",
                    hosts("web.example.com"),
                    Map.of("web.example.com", List.of("169.254.169.254"))))
        .hasMessageContaining(
            "refused the address of 'web.example.com:80' because it resolves only to addresses that"
                + " are refused: 169.254.169.254 (a loopback, link-local or special-purpose address")
        .hasMessageContaining("(rule http.address)");
  }

  @Test
  void loopbackIsADestinationWhenAnAddressOrCidrEntryNamesItWithThePort() {
    Map<String, List<String>> dns = Map.of("app.test", List.of("127.0.0.1"));
    assertThat(pin("http://app.test:8080/", hosts("app.test", "127.0.0.0/8"), dns).addressText())
        .isEqualTo("127.0.0.1");
    assertThat(pin("http://app.test:8080/", hosts("app.test", "127.0.0.1:8080"), dns).addressText())
        .isEqualTo("127.0.0.1");
    assertThat(rule(() -> pin("http://app.test:8081/", hosts("app.test", "127.0.0.1:8080"), dns)))
        .isEqualTo(PinnedTarget.ADDRESS_RULE);
    assertThat(pin("http://127.0.0.1:8080/", hosts("127.0.0.1"), dns).addressText())
        .isEqualTo("127.0.0.1");
    assertThat(pin("http://[::1]:8080/", hosts("::1"), dns).addressText()).isEqualTo("::1");
  }

  @Test
  void theUnspecifiedAddressIsNeverADestinationEvenWhenAllowed() {
    assertThat(rule(() -> pin("http://0.0.0.0/", hosts("0.0.0.0/0"), Map.of())))
        .isEqualTo(PinnedTarget.ADDRESS_RULE);
    assertThat(rule(() -> pin("http://[::]/", hosts("::/0"), Map.of())))
        .isEqualTo(PinnedTarget.ADDRESS_RULE);
    assertThat(
            rule(
                () ->
                    pin(
                        "http://web.example.com/",
                        hosts("web.example.com", "0.0.0.0/0"),
                        Map.of("web.example.com", List.of("0.0.0.0")))))
        .isEqualTo(PinnedTarget.ADDRESS_RULE);
  }

  @Test
  void aNameWithoutAnAddressIsRefusedAndAnIpAddressIsNotLookedUp() {
    assertThat(rule(() -> pin("http://web.example.com/", hosts("web.example.com"), Map.of())))
        .isEqualTo(PinnedTarget.RESOLVE_RULE);
    PinnedTarget literal = pin("http://192.0.2.10/", hosts("192.0.2.0/24"), Map.of());
    assertThat(literal.addressText()).isEqualTo("192.0.2.10");
    assertThat(literal.lookup()).isZero();
    assertThat(lookups).containsExactly("web.example.com");
  }

  @Test
  void privateAddressesAreOrdinaryDestinationsOfAName() {
    Map<String, List<String>> dns = Map.of("intranet.example.com", List.of("10.1.2.3"));
    assertThat(
            pin("http://intranet.example.com/", hosts("intranet.example.com"), dns).addressText())
        .isEqualTo("10.1.2.3");
  }
}
