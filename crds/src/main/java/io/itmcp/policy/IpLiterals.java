package io.itmcp.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Our own strict parser and printer for IP literals. {@code InetAddress.getByName} is never used on
 * user text: it resolves names and accepts forms ({@code 127.1}, {@code 0x7f.1}) that other tools
 * read differently.
 *
 * <ul>
 *   <li>IPv4: exactly four ASCII decimal octets 0..255, no leading zeros ({@code 0} itself is
 *       fine).
 *   <li>IPv6: RFC 4291 text (1-4 hex digits per group, at most one {@code ::}, optional trailing
 *       dotted quad); no zone id. IPv4-mapped addresses ({@code ::ffff:a.b.c.d}, {@code
 *       ::ffff:7f00:1}) fold to the IPv4 address. Deprecated IPv4-compatible addresses ({@code
 *       ::a.b.c.d}, anything in {@code ::/96} except {@code ::} and {@code ::1}) are refused.
 * </ul>
 *
 * Methods throw {@link IllegalArgumentException} whose message is a reason phrase. The grammar is
 * stricter than Guava's {@code InetAddresses} on purpose (zone ids, IPv4-compatible addresses,
 * non-ASCII digits); {@code IpLiteralsDifferentialTest} pins every difference.
 */
public final class IpLiterals {

  private IpLiterals() {}

  /** Whether the text has a ':', so is meant as an IPv6 literal (a host name never has one). */
  public static boolean looksLikeIpv6(String s) {
    return s.indexOf(':') >= 0;
  }

  /**
   * Parses a v4 or v6 literal (no brackets) into 4 or 16 canonical bytes (mapped v6 folded to v4).
   */
  static byte[] parse(String s) {
    return looksLikeIpv6(s) ? foldV6(parseV6(s)) : parseV4(s);
  }

  static InetAddress parseAddress(String s) {
    return toInet(parse(s));
  }

  /**
   * The address the text is a literal of, or empty when it is none in this grammar; never resolves
   * a name.
   */
  public static Optional<InetAddress> parseLiteral(String s) {
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parseAddress(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static byte[] parseV4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "an IPv4 address must be four decimal octets like 192.0.2.7");
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !isAsciiDigits(p)) {
        throw new IllegalArgumentException(
            "an IPv4 octet must be 1 to 3 decimal digits (no hex, octal or other encodings)");
      }
      if (p.length() > 1 && p.charAt(0) == '0') {
        throw new IllegalArgumentException(
            "an IPv4 octet has a leading zero (read as octal by some resolvers)");
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        throw new IllegalArgumentException("an IPv4 octet is larger than 255");
      }
      out[i] = (byte) v;
    }
    return out;
  }

  static byte[] parseV6(String s) {
    if (s.indexOf('%') >= 0) {
      throw new IllegalArgumentException("IPv6 zone ids (%eth0) are not accepted");
    }
    if (s.length() > 45) {
      throw new IllegalArgumentException("too long for an IPv6 address");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isHex(c) || c == ':' || c == '.')) {
        throw new IllegalArgumentException("an IPv6 address holds only hex digits, ':' and '.'");
      }
    }
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      throw new IllegalArgumentException("an IPv6 address has at most one '::'");
    }
    String head = gap >= 0 ? s.substring(0, gap) : s;
    String tail = gap >= 0 ? s.substring(gap + 2) : "";
    int[] headGroups = groups(head, gap < 0);
    int[] tailGroups = gap >= 0 ? groups(tail, true) : new int[0];
    int total = headGroups.length + tailGroups.length;
    if (gap < 0 && total != 8) {
      throw new IllegalArgumentException("an IPv6 address without '::' has exactly 8 groups");
    }
    if (gap >= 0 && total > 7) {
      throw new IllegalArgumentException("an IPv6 address with '::' has at most 7 groups");
    }
    byte[] out = new byte[16];
    for (int i = 0; i < headGroups.length; i++) {
      putGroup(out, i, headGroups[i]);
    }
    for (int i = 0; i < tailGroups.length; i++) {
      putGroup(out, 8 - tailGroups.length + i, tailGroups[i]);
    }
    return out;
  }

  /**
   * Groups of one side of "::"; a dotted quad is allowed only as the very last part of the address.
   */
  private static int[] groups(String side, boolean mayEndWithV4) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] parts = side.split(":", -1);
    int n = parts.length;
    boolean v4Tail = parts[n - 1].indexOf('.') >= 0;
    if (v4Tail && !mayEndWithV4) {
      throw new IllegalArgumentException(
          "a dotted quad may appear only at the end of an IPv6 address");
    }
    int[] out = new int[v4Tail ? n + 1 : n];
    for (int i = 0; i < n; i++) {
      String p = parts[i];
      if (i == n - 1 && v4Tail) {
        byte[] v4 = parseV4(p);
        out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
      } else {
        if (p.isEmpty() || p.length() > 4 || p.indexOf('.') >= 0) {
          throw new IllegalArgumentException("an IPv6 group must be 1 to 4 hex digits");
        }
        out[i] = Integer.parseInt(p, 16);
      }
    }
    return out;
  }

  private static void putGroup(byte[] out, int index, int value) {
    out[2 * index] = (byte) (value >>> 8);
    out[2 * index + 1] = (byte) value;
  }

  /** IPv4-mapped folds to 4 bytes; the deprecated IPv4-compatible range is refused. */
  static byte[] foldV6(byte[] v6) {
    boolean first80Zero = true;
    for (int i = 0; i < 10; i++) {
      first80Zero &= v6[i] == 0;
    }
    if (first80Zero && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff) {
      return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }
    if (first80Zero && v6[10] == 0 && v6[11] == 0) {
      boolean unspecifiedOrLoopback =
          v6[12] == 0 && v6[13] == 0 && v6[14] == 0 && (v6[15] == 0 || v6[15] == 1);
      if (!unspecifiedOrLoopback) {
        throw new IllegalArgumentException(
            "IPv4-compatible IPv6 addresses (::a.b.c.d) are deprecated; write the IPv4 address");
      }
    }
    return v6;
  }

  /** Canonical bytes of an address: IPv4-mapped IPv6 folded to 4 bytes. */
  static byte[] canonicalBytes(InetAddress address) {
    byte[] raw = address.getAddress();
    if (raw.length == 16) {
      boolean mapped = (raw[10] & 0xff) == 0xff && (raw[11] & 0xff) == 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = raw[i] == 0;
      }
      if (mapped) {
        return new byte[] {raw[12], raw[13], raw[14], raw[15]};
      }
    }
    return raw;
  }

  static InetAddress toInet(byte[] bytes) {
    try {
      return InetAddress.getByAddress(
          bytes); // no lookup: an address given as bytes is never resolved
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address", e);
    }
  }

  /** Dotted quad, or RFC 5952 text for IPv6 (lower case, longest zero run of 2+ groups as "::"). */
  static String format(InetAddress address) {
    byte[] b = canonicalBytes(address);
    if (b.length == 4 || address instanceof Inet4Address) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestStart = -1;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(g[i]));
    }
    return out.toString();
  }

  static boolean isAsciiDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
