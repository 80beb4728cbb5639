package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Our IP-literal parser against Guava's {@link InetAddresses}, on edge cases and on seeded random
 * text. Where both accept, they must mean the same address; where they disagree, ours must be the
 * stricter one for one of the reasons below, and never the more lenient:
 *
 * <ul>
 *   <li>zone ids ({@code fe80::1%eth0}): a policy or a DNS answer names an address, not an
 *       interface of the machine that happens to read it;
 *   <li>IPv4-compatible IPv6 ({@code ::192.0.2.7}, anything in {@code ::/96} but {@code ::} and
 *       {@code ::1}): deprecated by RFC 4291, and it would let one IPv4 host be written two ways
 *       that different tools route differently;
 *   <li>non-ASCII digits (e.g. fullwidth {@code １２７}): Guava reads them through {@link
 *       Character#digit}, ssh and dig do not.
 * </ul>
 */
class IpLiteralsDifferentialTest {

  private static final long SEED = 0x1D1FFE12L;
  private static final int RANDOM_CASES = 5_000;

  enum Stricter {
    ZONE_ID,
    IPV4_COMPATIBLE,
    NON_ASCII
  }

  static final List<String> EDGE_CASES =
      List.of(
          "0.0.0.0",
          "255.255.255.255",
          "192.0.2.7",
          "256.0.0.1",
          "1.2.3",
          "1.2.3.4.5",
          "1.2.3.",
          ".1.2.3",
          "127.1",
          "127.0.1",
          "0x7f.0.0.1",
          "0x7f000001",
          "2130706433",
          "017.0.0.1",
          "00.0.0.0",
          "01.02.03.04",
          "1..2.3",
          " 1.2.3.4",
          "1.2.3.4 ",
          "+1.2.3.4",
          "-1.2.3.4",
          "1.2.3.04",
          "1.2.3.4/32",
          "1.2.3.4:80",
          "::",
          "::1",
          "1::",
          "::ffff:1.2.3.4",
          "::ffff:7f00:1",
          "::FFFF:192.0.2.7",
          "::1.2.3.4",
          "::0.0.0.2",
          "::ffff:01.2.3.4",
          "::ffff:1.2.3",
          "1:2:3:4:5:6:7:8",
          "1:2:3:4:5:6:7::",
          "::2:3:4:5:6:7:8",
          "1:2:3:4:5:6:7:8:9",
          "1:2:3:4:5:6:7",
          "1::2::3",
          ":::",
          "1:::2",
          ":1:2:3:4:5:6:7",
          "1:2:3:4:5:6:7:",
          "2001:db8::1",
          "2001:DB8::1",
          "2001:0db8:0000:0000:0000:0000:0000:0001",
          "2001:db8::00001",
          "2001:db8::g",
          "fe80::1%eth0",
          "fe80::1%1",
          "fe80::1%",
          "[::1]",
          "::1.2.3.4:5",
          "1:2:3:4:5:6:1.2.3.4",
          "1:2:3:4:5:6:7:1.2.3.4",
          "1.2.3.4::",
          "::ffff:1.2.3.4.5",
          "0:0:0:0:0:ffff:1.2.3.4",
          "0000:0000:0000:0000:0000:ffff:255.255.255.255",
          "64:ff9b::192.0.2.33",
          "ff02::1",
          "::ffff:0.0.0.0",
          "１２７.0.0.1",
          "127.0.0.١",
          "２００１:db8::1",
          "",
          ".",
          ":",
          "a",
          "localhost",
          "1.2.3.4\n",
          "1.2.3.4\u0000");

  @Test
  void edgeCasesAgreeOrOursIsStricterForAStatedReason() {
    List<String> stricter = new ArrayList<>();
    for (String text : EDGE_CASES) {
      compare(text, stricter);
    }
    assertThat(stricter)
        .as("the edge cases exercise every stated difference")
        .anyMatch(s -> s.startsWith(Stricter.ZONE_ID.name()))
        .anyMatch(s -> s.startsWith(Stricter.IPV4_COMPATIBLE.name()));
  }

  @Test
  void seededRandomTextAgreesOrOursIsStricterForAStatedReason() {
    Random random = new Random(SEED);
    List<String> stricter = new ArrayList<>();
    int acceptedByBoth = 0;
    for (int i = 0; i < RANDOM_CASES; i++) {
      String text =
          switch (i % 5) {
            case 0 -> randomChars(random);
            case 1 -> randomV4(random);
            case 2 -> randomV6(random);
            case 3 -> mutate(random, randomV6(random));
            default -> mutate(random, randomV4(random));
          };
      if (compare(text, stricter)) {
        acceptedByBoth++;
      }
    }
    assertThat(acceptedByBoth)
        .as("the generators reach valid addresses, not only garbage")
        .isGreaterThan(RANDOM_CASES / 5);
    System.out.printf(
        "IP literals: %d random cases, %d accepted by both, ours stricter: %s%n",
        RANDOM_CASES,
        acceptedByBoth,
        Arrays.stream(Stricter.values())
            .map(r -> r + "=" + stricter.stream().filter(x -> x.startsWith(r.name() + " ")).count())
            .toList());
  }

  /**
   * Returns whether both parsers accepted; fails on any difference that is not ours being stricter
   * on purpose.
   */
  private static boolean compare(String text, List<String> stricter) {
    byte[] ours = ours(text);
    InetAddress theirs = guava(text);
    if (ours != null && theirs != null) {
      assertThat(HexFormat.of().formatHex(ours))
          .as("address of %s", show(text))
          .isEqualTo(HexFormat.of().formatHex(IpLiterals.canonicalBytes(theirs)));
      return true;
    }
    if (ours != null) {
      throw new AssertionError("ours accepts what Guava refuses: " + show(text));
    }
    if (theirs != null) {
      Stricter reason = reason(text, IpLiterals.canonicalBytes(theirs));
      assertThat(reason)
          .as("ours refuses %s (Guava reads %s) without a stated reason", show(text), theirs)
          .isNotNull();
      stricter.add(reason + " " + text);
    }
    return false;
  }

  private static Stricter reason(String text, byte[] guavaBytes) {
    if (text.indexOf('%') >= 0) {
      return Stricter.ZONE_ID;
    }
    if (!text.chars().allMatch(c -> c < 128)) {
      return Stricter.NON_ASCII;
    }
    if (guavaBytes.length == 16) {
      boolean compatible = true;
      for (int i = 0; i < 12; i++) {
        compatible &= guavaBytes[i] == 0;
      }
      byte[] tail = Arrays.copyOfRange(guavaBytes, 12, 16);
      boolean unspecifiedOrLoopback =
          tail[0] == 0 && tail[1] == 0 && tail[2] == 0 && (tail[3] == 0 || tail[3] == 1);
      if (compatible && !unspecifiedOrLoopback) {
        return Stricter.IPV4_COMPATIBLE;
      }
    }
    return null;
  }

  private static byte[] ours(String text) {
    try {
      return IpLiterals.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static InetAddress guava(String text) {
    try {
      return InetAddresses.forString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String randomV4(Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      out.append(i == 0 ? "" : ".")
          .append(random.nextInt(10) == 0 ? random.nextInt(300) : random.nextInt(256));
    }
    return out.toString();
  }

  private static String randomV6(Random random) {
    int groups = 8;
    boolean v4Tail = random.nextInt(4) == 0;
    if (v4Tail) {
      groups = 6;
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      int value = random.nextInt(3) == 0 ? 0 : random.nextInt(0x10000);
      String hex = Integer.toHexString(value);
      if (random.nextBoolean()) {
        hex = "0".repeat(random.nextInt(5 - hex.length())) + hex;
      }
      parts.add(random.nextBoolean() ? hex.toUpperCase() : hex);
    }
    if (v4Tail && random.nextBoolean()) {
      Arrays.asList(0, 1, 2, 3).forEach(i -> parts.set(i, "0"));
      parts.set(4, "0");
      parts.set(5, random.nextBoolean() ? "ffff" : "0");
    }
    String text;
    if (random.nextInt(3) > 0) {
      int from = random.nextInt(groups);
      int to = from + 1 + random.nextInt(groups - from);
      text =
          String.join(":", parts.subList(0, from))
              + "::"
              + String.join(":", parts.subList(to, groups));
      if (v4Tail && to == groups) {
        text = text + randomV4(random);
      } else if (v4Tail) {
        text = text + ":" + randomV4(random);
      }
    } else {
      text = String.join(":", parts) + (v4Tail ? ":" + randomV4(random) : "");
    }
    return text;
  }

  private static final String ALPHABET = "0123456789abcdefABCDEFx:.%/[] -+g\u0661\uff11";

  private static String randomChars(Random random) {
    StringBuilder out = new StringBuilder();
    int length = random.nextInt(20);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  /**
   * One small change: a character replaced, dropped or doubled, a zero inserted, or a zone id
   * added.
   */
  private static String mutate(Random random, String text) {
    if (text.isEmpty()) {
      return text;
    }
    int at = random.nextInt(text.length());
    return switch (random.nextInt(5)) {
      case 0 ->
          text.substring(0, at)
              + ALPHABET.charAt(random.nextInt(ALPHABET.length()))
              + text.substring(at + 1);
      case 1 -> text.substring(0, at) + text.substring(at + 1);
      case 2 -> text.substring(0, at) + text.charAt(at) + text.substring(at);
      case 3 -> text.substring(0, at) + "0" + text.substring(at);
      default ->
          text + "%" + (random.nextBoolean() ? "eth0" : Integer.toString(random.nextInt(10)));
    };
  }

  private static String show(String text) {
    StringBuilder out = new StringBuilder("'");
    text.codePoints()
        .forEach(
            cp ->
                out.append(
                    cp < 0x20 || cp > 0x7e
                        ? String.format("\\u%04x", cp)
                        : Character.toString(cp)));
    return out.append('\'').toString();
  }
}
