package io.itmcp.policy;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A v4 or v6 network in CIDR form; a single address is a /32 or /128.
 *
 * <p>{@link #parse} takes strict literals only (see {@link Host}): a network whose host bits are
 * not zero ({@code 10.0.0.1/24}) is refused with the network it probably meant, so an entry never
 * silently grants more or less than it reads; the prefix is decimal without leading zeros. An
 * IPv4-mapped IPv6 network ({@code ::ffff:10.0.0.0/120}) with prefix >= 96 is folded to the IPv4
 * network; with a shorter prefix it is refused.
 */
public record IpNetwork(InetAddress base, int prefixLength) {

  public IpNetwork {
    Objects.requireNonNull(base, "base");
    int max = IpLiterals.canonicalBytes(base).length * 8;
    if (prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0.." + max);
    }
  }

  /** Parses {@code 10.0.0.0/24}, {@code 2001:db8::/32} or a bare address; strict forms only. */
  public static IpNetwork parse(String cidr) {
    if (cidr == null || cidr.isEmpty()) {
      throw new IllegalArgumentException("an address or CIDR is empty");
    }
    int slash = cidr.indexOf('/');
    String addressText = slash < 0 ? cidr : cidr.substring(0, slash);
    if (addressText.indexOf('%') >= 0) {
      throw new IllegalArgumentException("'" + cidr + "': IPv6 zone ids (%eth0) are not accepted");
    }
    byte[] bytes;
    boolean mapped;
    try {
      if (IpLiterals.looksLikeIpv6(addressText)) {
        byte[] v6 = IpLiterals.parseV6(addressText);
        bytes = IpLiterals.foldV6(v6);
        mapped = bytes.length == 4;
      } else {
        bytes = IpLiterals.parseV4(addressText);
        mapped = false;
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + addressText + "' is not a strict IP address: " + e.getMessage());
    }
    int max = bytes.length * 8;
    if (slash < 0) {
      return new IpNetwork(IpLiterals.toInet(bytes), max);
    }
    String prefixText = cidr.substring(slash + 1);
    if (!IpLiterals.isAsciiDigits(prefixText)
        || prefixText.length() > 3
        || (prefixText.length() > 1 && prefixText.charAt(0) == '0')) {
      throw new IllegalArgumentException(
          "'" + cidr + "': the prefix length must be a decimal number without leading zeros");
    }
    int prefix = Integer.parseInt(prefixText);
    if (mapped) {
      if (prefix < 96 || prefix > 128) {
        throw new IllegalArgumentException(
            "'"
                + cidr
                + "': an IPv4-mapped network needs a prefix of 96..128; write the IPv4 network");
      }
      prefix -= 96;
    }
    if (prefix > max) {
      throw new IllegalArgumentException(
          "'" + cidr + "': the prefix length is larger than " + (mapped ? 128 : max));
    }
    byte[] masked = mask(bytes, prefix);
    InetAddress base = IpLiterals.toInet(masked);
    if (!java.util.Arrays.equals(masked, bytes)) {
      throw new IllegalArgumentException(
          "'"
              + cidr
              + "' has host bits set; did you mean "
              + IpLiterals.format(base)
              + "/"
              + prefix
              + "?");
    }
    return new IpNetwork(base, prefix);
  }

  public boolean contains(InetAddress address) {
    if (address == null) {
      return false;
    }
    byte[] candidate = IpLiterals.canonicalBytes(address);
    byte[] network = IpLiterals.canonicalBytes(base);
    if (candidate.length != network.length) {
      return false;
    }
    return java.util.Arrays.equals(mask(candidate, prefixLength), mask(network, prefixLength));
  }

  public boolean isIpv6() {
    return IpLiterals.canonicalBytes(base).length == 16;
  }

  /** Whether this is a single address (/32 or /128). */
  public boolean isSingleAddress() {
    return prefixLength == IpLiterals.canonicalBytes(base).length * 8;
  }

  /** The address text in canonical form (dotted quad or RFC 5952). */
  public String address() {
    return IpLiterals.format(base);
  }

  /** {@code 10.0.0.0/24}, {@code 2001:db8::1/128}: the form NetworkPolicy ipBlock.cidr takes. */
  public String toCidr() {
    return IpLiterals.format(base) + "/" + prefixLength;
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int bitsHere = Math.max(0, Math.min(8, prefix - 8 * i));
      out[i] = (byte) (out[i] & (0xff << (8 - bitsHere)));
    }
    return out;
  }
}
