package io.itmcp.gateway.tools.args;

import io.itmcp.gateway.tools.ToolArgumentException;

/** The checks every string argument passes before any tool looks at it. */
public final class SafeText {

  private SafeText() {
  }

  /**
   * Refuses empty strings, strings longer than maxLength, unpaired surrogates, and every control or
   * invisible formatting character (NUL, newline, tab, DEL, C1 controls, bidi overrides, zero-width
   * characters, line and paragraph separators): none has a legitimate use in these arguments and
   * each has been used to hide or split commands.
   */
  public static String check(String field, String value, int maxLength) {
    if (value.isEmpty()) {
      throw new ToolArgumentException("'" + field + "' must not be empty");
    }
    if (value.length() > maxLength) {
      throw new ToolArgumentException(
          "'" + field + "' is " + value.length() + " characters long; at most " + maxLength + " are allowed");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        if (!paired) {
          throw new ToolArgumentException("'" + field + "' contains an unpaired surrogate at position " + i);
        }
        i++;
        continue;
      }
      int type = Character.getType(c);
      if (type == Character.CONTROL || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.UNASSIGNED && c >= 0xFFF0) {
        throw new ToolArgumentException(String.format(
            "'%s' contains the control or invisible character U+%04X at position %d; only printable text is allowed",
            field, (int) c, i));
      }
    }
    return value;
  }

  /** Refuses a value that a program would read as an option. */
  public static String notOption(String field, String value) {
    if (value.startsWith("-")) {
      throw new ToolArgumentException("'" + field + "' must not start with '-' (it would be read as an option): " + quote(value));
    }
    return value;
  }

  /** The value quoted for an error message, shortened, with anything unprintable escaped. */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    int limit = Math.min(value.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > limit) {
      out.append("...");
    }
    return out.append('"').toString();
  }
}
