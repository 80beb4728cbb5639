package io.itmcp.gateway.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Bounds on every field of an audit record, so that one oversized or deeply nested call cannot
 * bloat the log or the Events made from it. What is cut is replaced by a marker that says how much
 * was left out.
 */
public final class AuditFieldCaps {

  /** Characters kept of one string (an argument, an argv word, a reason). */
  public static final int MAX_STRING = 2048;

  /**
   * Characters of a string looked at for secrets before it is capped: a secret cut in half must
   * still be found.
   */
  static final int MAX_SCANNED = 8 * MAX_STRING;

  /** Items kept of one list or map (argv words, arguments, groups). */
  public static final int MAX_ITEMS = 64;

  /** Nesting kept in arguments. */
  public static final int MAX_DEPTH = 8;

  static final String MORE_KEYS = "...";
  static final String TOO_DEEP = "...[nested deeper than " + MAX_DEPTH + " levels]";

  private AuditFieldCaps() {}

  /** The string, or its first {@value #MAX_STRING} characters and a marker; null stays null. */
  public static String text(String s) {
    if (s == null || s.length() <= MAX_STRING) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(MAX_STRING - 1)) ? MAX_STRING - 1 : MAX_STRING;
    return s.substring(0, end) + "...[" + (s.length() - end) + " more characters]";
  }

  /**
   * The string with secrets replaced by {@code redact}, then capped; only the first {@value
   * #MAX_SCANNED} characters are scanned (the rest is cut anyway), so redaction costs the same for
   * a huge value as for a long one.
   */
  static String redactedText(String s, UnaryOperator<String> redact) {
    if (s == null) {
      return null;
    }
    String r = redact.apply(s.length() <= MAX_SCANNED ? s : s.substring(0, MAX_SCANNED));
    if (r.length() <= MAX_STRING && s.length() <= MAX_SCANNED) {
      return r;
    }
    int end = Math.min(r.length(), MAX_STRING);
    if (end > 0 && Character.isHighSurrogate(r.charAt(end - 1))) {
      end--;
    }
    return r.substring(0, end) + "...[cut: " + s.length() + " characters in all]";
  }

  static String moreItems(int n) {
    return "...[" + n + " more items]";
  }

  /** A list of strings capped in length and in each item. */
  public static List<String> texts(List<String> items) {
    int kept = Math.min(items.size(), MAX_ITEMS);
    List<String> out = new ArrayList<>(kept + 1);
    for (String item : items.subList(0, kept)) {
      out.add(text(item));
    }
    if (items.size() > kept) {
      out.add(moreItems(items.size() - kept));
    }
    return out;
  }
}
