package io.itmcp.policy;

import java.net.IDN;
import java.util.Locale;

/** The canonical parser behind {@link Host#parse}; see there for the rules. */
final class HostParser {

  static final String RULE = "host.syntax";
  static final String FORMS =
      "a DNS name (letters, digits, '-', dots) or an IP address in standard form,"
          + " e.g. db.example.com, 192.0.2.7, 2001:db8::1";
  static final int MAX_NAME_LENGTH = 253;
  static final int MAX_LABEL_LENGTH = 63;

  private HostParser() {}

  static Host parse(String raw) {
    try {
      return parseOrThrow(raw);
    } catch (IllegalArgumentException e) {
      throw new PolicyRefusedException(Refusal.of("host", raw, e.getMessage(), RULE, FORMS));
    }
  }

  static Host parseOrThrow(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("it is empty");
    }
    if (raw.length() > MAX_NAME_LENGTH + 2) {
      throw new IllegalArgumentException("it is longer than " + MAX_NAME_LENGTH + " characters");
    }
    checkCharacters(raw);
    if (raw.startsWith("[") || raw.endsWith("]")) {
      if (!(raw.startsWith("[") && raw.endsWith("]")) || raw.length() < 3) {
        throw new IllegalArgumentException("brackets must enclose a whole IPv6 address");
      }
      String inner = raw.substring(1, raw.length() - 1);
      if (!IpLiterals.looksLikeIpv6(inner)) {
        throw new IllegalArgumentException("brackets enclose only an IPv6 address");
      }
      return new Host.Address(IpLiterals.toInet(IpLiterals.foldV6(IpLiterals.parseV6(inner))));
    }
    if (raw.indexOf('[') >= 0 || raw.indexOf(']') >= 0) {
      throw new IllegalArgumentException("brackets must enclose a whole IPv6 address");
    }
    if (IpLiterals.looksLikeIpv6(raw)) {
      if (raw.indexOf(':') == raw.lastIndexOf(':')) {
        String afterColon = raw.substring(raw.indexOf(':') + 1);
        if (!afterColon.isEmpty() && IpLiterals.isAsciiDigits(afterColon)) {
          throw new IllegalArgumentException(
              "a host must not carry a port ('host:port'); give the port separately");
        }
      }
      boolean nonHexLetter =
          raw.chars().anyMatch(c -> Character.isLetter(c) && !IpLiterals.isHex((char) c));
      if (nonHexLetter) {
        throw new IllegalArgumentException("it contains ':' but is not an IPv6 address");
      }
      return new Host.Address(IpLiterals.toInet(IpLiterals.foldV6(IpLiterals.parseV6(raw))));
    }
    if (raw.startsWith("-")) {
      throw new IllegalArgumentException("it starts with '-' (it would be read as an option)");
    }
    if (isDigitsAndDots(raw)) {
      return new Host.Address(IpLiterals.toInet(IpLiterals.parseV4(raw)));
    }
    return new Host.Name(canonicalName(raw));
  }

  private static void checkCharacters(String raw) {
    raw.codePoints()
        .forEach(
            cp -> {
              if (Refusal.isInvisible(cp)
                  || Character.isWhitespace(cp)
                  || Character.isSpaceChar(cp)) {
                throw new IllegalArgumentException(
                    "it contains whitespace or a control or invisible character");
              }
              if (cp < 0x80) {
                boolean ok =
                    (cp >= 'a' && cp <= 'z')
                        || (cp >= 'A' && cp <= 'Z')
                        || (cp >= '0' && cp <= '9')
                        || cp == '.'
                        || cp == '-'
                        || cp == ':'
                        || cp == '['
                        || cp == ']';
                if (!ok) {
                  throw new IllegalArgumentException(
                      cp == '%'
                          ? "it contains '%' (IPv6 zone ids and percent-encoding are not accepted)"
                          : "it contains '" + (char) cp + "', which no host name or address holds");
                }
              } else if (Character.isDigit(cp)) {
                throw new IllegalArgumentException(
                    "it contains a non-ASCII digit (fullwidth or another script); write ASCII digits");
              } else if (cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61) {
                throw new IllegalArgumentException("it contains a non-ASCII dot; write '.'");
              } else if (!Character.isLetter(cp)
                  && Character.getType(cp) != Character.NON_SPACING_MARK
                  && Character.getType(cp) != Character.COMBINING_SPACING_MARK) {
                throw new IllegalArgumentException(
                    "it contains a non-ASCII character that is not a letter");
              }
            });
  }

  private static boolean isDigitsAndDots(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Lower case, one trailing dot removed, IDN to punycode (STD3 rules), label and length limits.
   */
  static String canonicalName(String raw) {
    String name = raw.endsWith(".") && raw.length() > 1 ? raw.substring(0, raw.length() - 1) : raw;
    String[] labels = name.split("\\.", -1);
    StringBuilder out = new StringBuilder();
    for (String label : labels) {
      if (label.isEmpty()) {
        throw new IllegalArgumentException(
            "it has an empty label (a leading dot, '..' or a lone '.')");
      }
      String ascii = asciiLabel(label);
      if (ascii.length() > MAX_LABEL_LENGTH) {
        throw new IllegalArgumentException(
            "a label is longer than " + MAX_LABEL_LENGTH + " characters");
      }
      if (ascii.startsWith("-") || ascii.endsWith("-")) {
        throw new IllegalArgumentException("a label starts or ends with '-'");
      }
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(ascii);
    }
    String result = out.toString();
    if (result.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("it is longer than " + MAX_NAME_LENGTH + " characters");
    }
    String last = result.substring(result.lastIndexOf('.') + 1);
    if (IpLiterals.isAsciiDigits(last) || isHexNumber(last)) {
      throw new IllegalArgumentException(
          "it ends in a number, so it is an IP address in a non-standard form, not a DNS name"
              + " (write IPv4 as four decimal octets, e.g. 127.0.0.1)");
    }
    return result;
  }

  private static String asciiLabel(String label) {
    boolean ascii = label.chars().allMatch(c -> c < 0x80);
    if (ascii) {
      String lower = label.toLowerCase(Locale.ROOT);
      if (lower.startsWith("xn--")) {
        checkPunycode(lower);
      }
      return lower;
    }
    String converted;
    try {
      converted = IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a label is not a valid internationalised name");
    }
    if (!converted.startsWith("xn--")) {
      throw new IllegalArgumentException(
          "it holds characters that only look like ASCII (fullwidth or compatibility forms); write the plain name '"
              + converted
              + "'");
    }
    return converted;
  }

  private static void checkPunycode(String label) {
    String unicode;
    try {
      unicode = IDN.toUnicode(label, IDN.USE_STD3_ASCII_RULES);
      if (unicode.equalsIgnoreCase(label)
          || !IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).equalsIgnoreCase(label)) {
        throw new IllegalArgumentException("bad punycode");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a label starting with 'xn--' is not valid punycode");
    }
  }

  private static boolean isHexNumber(String label) {
    if (!label.startsWith("0x")) {
      return false;
    }
    for (int i = 2; i < label.length(); i++) {
      if (!IpLiterals.isHex(label.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
