package io.itmcp.policy;

/** Strict TCP/UDP port parsing: ASCII decimal digits, no sign, no leading zeros, 1..65535. */
public final class Port {

  public static final String RULE = "port.syntax";
  static final String FORMS = "a port, a decimal number from 1 to 65535";

  private Port() {}

  /**
   * Parses a user-supplied port; throws {@link PolicyRefusedException} (rule {@code port.syntax}).
   */
  public static int parse(String raw) {
    try {
      return parseOrThrow(raw);
    } catch (IllegalArgumentException e) {
      throw new PolicyRefusedException(Refusal.of("port", raw, e.getMessage(), RULE, FORMS));
    }
  }

  /** Checks a numeric port; throws {@link PolicyRefusedException} (rule {@code port.syntax}). */
  public static int check(int port) {
    if (port < 1 || port > 65535) {
      throw new PolicyRefusedException(
          Refusal.of("port", Integer.toString(port), "it is outside 1..65535", RULE, FORMS));
    }
    return port;
  }

  /**
   * The same rules, throwing {@link IllegalArgumentException} with a reason phrase (for policy
   * entries).
   */
  static int parseOrThrow(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("the port is empty");
    }
    if (!IpLiterals.isAsciiDigits(raw)) {
      throw new IllegalArgumentException("the port must be decimal digits only");
    }
    if (raw.length() > 1 && raw.charAt(0) == '0') {
      throw new IllegalArgumentException("the port has a leading zero");
    }
    if (raw.length() > 5 || Integer.parseInt(raw) > 65535 || Integer.parseInt(raw) < 1) {
      throw new IllegalArgumentException("the port is outside 1..65535");
    }
    return Integer.parseInt(raw);
  }
}
