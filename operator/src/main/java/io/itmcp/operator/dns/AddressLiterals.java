package io.itmcp.operator.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Strict IP literal parsing that never triggers a DNS lookup. */
public final class AddressLiterals {
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private AddressLiterals() {
  }

  public static boolean isLiteral(String text) {
    return IPV4.matcher(text).matches() || IPV6.matcher(text).matches();
  }

  /** The address, when the text is a dotted-quad IPv4 or an IPv6 literal; never resolves a name. */
  public static Optional<InetAddress> parse(String text) {
    if (!isLiteral(text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
