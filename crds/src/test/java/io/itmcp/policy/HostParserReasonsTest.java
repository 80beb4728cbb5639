package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each check of the host parser by the reason it gives: every hostile host is refused under the one
 * rule host.syntax, so only the reason shows which check refused it (and that an earlier one did
 * not silently let it through to a later one).
 */
class HostParserReasonsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "db.example.com;id      | it contains ';', which no host name or address holds",
        "db.exa%6dple.com       | it contains '%' (IPv6 zone ids and percent-encoding are not accepted)",
        "db example.com         | it contains whitespace or a control or invisible character",
        "db\u00a0example.com    | it contains whitespace or a control or invisible character",
        "db\u2003example.com    | it contains whitespace or a control or invisible character",
        "db\u200bexample.com    | it contains whitespace or a control or invisible character",
        "\uff11.0.0.1           | it contains a non-ASCII digit (fullwidth or another script); write ASCII digits",
        "127\u30020.0.1         | it contains a non-ASCII dot; write '.'",
        "127\uff0e0.0.1         | it contains a non-ASCII dot; write '.'",
        "127\uff610.0.1         | it contains a non-ASCII dot; write '.'",
        "db\u2022example.com    | it contains a non-ASCII character that is not a letter",
        "[::1                   | brackets must enclose a whole IPv6 address",
        "::1]                   | brackets must enclose a whole IPv6 address",
        "[]                     | brackets must enclose a whole IPv6 address",
        "[:]                    | an IPv6 group must be 1 to 4 hex digits",
        "]db.example.com        | brackets must enclose a whole IPv6 address",
        "a[::1]                 | brackets must enclose a whole IPv6 address",
        "[127.0.0.1]            | brackets enclose only an IPv6 address",
        "db.example.com:22      | a host must not carry a port ('host:port'); give the port separately",
        "db.example.com:        | it contains ':' but is not an IPv6 address",
        "db.example.com:x       | it contains ':' but is not an IPv6 address",
        "host::1                | it contains ':' but is not an IPv6 address",
        "-db.example.com        | it starts with '-' (it would be read as an option)",
        ".db.example.com        | it has an empty label (a leading dot, '..' or a lone '.')",
        "db..example.com        | it has an empty label (a leading dot, '..' or a lone '.')",
        ".                      | an IPv4 address must be four decimal octets like 192.0.2.7",
        "db.example.com..       | it has an empty label (a leading dot, '..' or a lone '.')",
        "db-.example.com        | a label starts or ends with '-'",
        "db.-example.com        | a label starts or ends with '-'",
        "db.example.123         | it ends in a number, so it is an IP address in a non-standard form, not a DNS name (write IPv4 as four decimal octets, e.g. 127.0.0.1)",
        "db.0x1f                | it ends in a number, so it is an IP address in a non-standard form, not a DNS name (write IPv4 as four decimal octets, e.g. 127.0.0.1)",
        "0x                     | it ends in a number, so it is an IP address in a non-standard form, not a DNS name (write IPv4 as four decimal octets, e.g. 127.0.0.1)",
        "xn--zz.example         | a label starting with 'xn--' is not valid punycode",
        "\uff44\uff42.example   | it holds characters that only look like ASCII (fullwidth or compatibility forms); write the plain name 'db'"
      })
  void eachCheckRefusesWithItsOwnReason(String host, String reason) {
    assertThatThrownBy(() -> HostParser.parseOrThrow(host))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(reason);
    assertThatThrownBy(() -> HostParser.parse(host))
        .isInstanceOf(PolicyRefusedException.class)
        .extracting(e -> ((PolicyRefusedException) e).refusal().rule())
        .isEqualTo("host.syntax");
  }

  @Test
  void emptyAndOverlongAreRefusedBeforeAnythingElse() {
    assertThatThrownBy(() -> HostParser.parseOrThrow(null)).hasMessage("it is empty");
    assertThatThrownBy(() -> HostParser.parseOrThrow("")).hasMessage("it is empty");
    assertThatThrownBy(() -> HostParser.parseOrThrow(";".repeat(256)))
        .hasMessage("it is longer than 253 characters");
    assertThatThrownBy(() -> HostParser.parseOrThrow(";".repeat(255)))
        .hasMessageStartingWith("it contains ';'");
  }

  @Test
  void namesEndAt253CharactersAfterTheTrailingDotIsRemoved() {
    String label = "a".repeat(63);
    String name253 = label + "." + label + "." + label + "." + "a".repeat(61);
    assertThat(name253).hasSize(253);
    assertThat(HostParser.parseOrThrow(name253 + ".")).isEqualTo(new Host.Name(name253));
    assertThatThrownBy(() -> HostParser.parseOrThrow(name253 + "a"))
        .hasMessage("it is longer than 253 characters");
    assertThat(HostParser.parseOrThrow(label + ".example"))
        .isEqualTo(new Host.Name(label + ".example"));
    assertThatThrownBy(() -> HostParser.parseOrThrow(label + "a.example"))
        .hasMessage("a label is longer than 63 characters");
  }

  @Test
  void namesAreLowerCasedWithoutTheirTrailingDotAndLettersOfAnyScriptBecomePunycode() {
    assertThat(HostParser.parseOrThrow("DB.Example.COM."))
        .isEqualTo(new Host.Name("db.example.com"));
    assertThat(HostParser.parseOrThrow("a")).isEqualTo(new Host.Name("a"));
    assertThat(HostParser.parseOrThrow("x.0x1g")).isEqualTo(new Host.Name("x.0x1g"));
    assertThat(HostParser.parseOrThrow("x.12a")).isEqualTo(new Host.Name("x.12a"));
    assertThat(HostParser.parseOrThrow("caf\u00e9.example"))
        .isEqualTo(new Host.Name("xn--caf-dma.example"));
    assertThat(HostParser.parseOrThrow("cafe\u0301.example"))
        .isEqualTo(new Host.Name("xn--caf-dma.example"));
    assertThat(HostParser.parseOrThrow("XN--CAF-DMA.example"))
        .isEqualTo(new Host.Name("xn--caf-dma.example"));
    assertThat(HostParser.parseOrThrow("a-b.c-d")).isEqualTo(new Host.Name("a-b.c-d"));
    assertThat(HostParser.parseOrThrow("AZaz09.example"))
        .as("the ends of each ASCII range")
        .isEqualTo(new Host.Name("azaz09.example"));
  }

  @Test
  void addressesInEachAcceptedForm() {
    assertThat(HostParser.parseOrThrow("[2001:DB8::1]").canonical()).isEqualTo("2001:db8::1");
    assertThat(HostParser.parseOrThrow("2001:db8::1").canonical()).isEqualTo("2001:db8::1");
    assertThat(HostParser.parseOrThrow("[::ffff:192.0.2.1]").canonical()).isEqualTo("192.0.2.1");
    assertThat(HostParser.parseOrThrow("::ffff:192.0.2.1").canonical()).isEqualTo("192.0.2.1");
    assertThat(HostParser.parseOrThrow("192.0.2.1").canonical()).isEqualTo("192.0.2.1");
    assertThat(HostParser.parseOrThrow("::1").canonical()).isEqualTo("::1");
    assertThat(HostParser.parseOrThrow("fe80::abcd").canonical()).isEqualTo("fe80::abcd");
  }
}
