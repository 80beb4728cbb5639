package io.itmcp.gateway.tools.args;

import io.itmcp.gateway.tools.ToolArgumentException;

/** The checks every string argument passes before any tool looks at it. */
public final class SafeText {

  private SafeText() {}

  /** The rule a refusal of an invisible or control character names. */
  public static final String VISIBLE_TEXT_RULE = "arguments.visibleText";

  /**
   * Refuses empty strings, strings longer than maxLength, unpaired surrogates, and every control or
   * invisible character, checked by code point so that characters outside the Basic Multilingual
   * Plane are seen too: controls (NUL, newline, tab, DEL, C1), format characters (bidi embeddings,
   * overrides and isolates, zero-width spaces and joiners, the byte-order mark, Unicode tag
   * characters U+E0000..U+E007F), line and paragraph separators, private-use and unassigned code
   * points, variation selectors and the Hangul fillers. None has a legitimate use in these
   * arguments and each has been used to hide text from a reader or to split a command.
   */
  public static String check(String field, String value, int maxLength) {
    if (value.isEmpty()) {
      throw new ToolArgumentException("'" + field + "' must not be empty");
    }
    if (value.length() > maxLength) {
      throw new ToolArgumentException(
          "'"
              + field
              + "' is "
              + value.length()
              + " characters long; at most "
              + maxLength
              + " are allowed");
    }
    for (int i = 0; i < value.length(); ) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1));
        if (!paired) {
          throw new ToolArgumentException(
              "'"
                  + field
                  + "' contains an unpaired surrogate at position "
                  + i
                  + " (rule "
                  + VISIBLE_TEXT_RULE
                  + "); only well-formed printable text is allowed");
        }
      }
      int cp = value.codePointAt(i);
      if (invisible(cp)) {
        String name = Character.getName(cp);
        throw new ToolArgumentException(
            String.format(
                "'%s' contains the control or invisible character U+%04X%s at position %d (rule %s); only printable"
                    + " text is allowed",
                field, cp, name == null ? "" : " " + name, i, VISIBLE_TEXT_RULE));
      }
      i += Character.charCount(cp);
    }
    return value;
  }

  /** Whether a code point is a control or renders as nothing (see {@link #check}). */
  static boolean invisible(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.PRIVATE_USE
        || type == Character.UNASSIGNED
        || cp >= 0xFE00 && cp <= 0xFE0F
        || cp >= 0xE0100 && cp <= 0xE01EF
        || cp == 0x115F
        || cp == 0x1160
        || cp == 0x3164
        || cp == 0xFFA0;
  }

  /** Refuses a value that a program would read as an option. */
  public static String notOption(String field, String value) {
    if (value.startsWith("-")) {
      throw new ToolArgumentException(
          "'"
              + field
              + "' must not start with '-' (it would be read as an option): "
              + quote(value));
    }
    return value;
  }

  /** The value quoted for an error message, shortened, with anything unprintable escaped. */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    int limit = Math.min(value.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (c < 0x20
          || c == 0x7f
          || Character.getType(c) == Character.FORMAT
          || Character.isSurrogate(c)) {
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
