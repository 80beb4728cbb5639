package io.itmcp.policy;

/**
 * Why something was refused, in words a person or an AI can act on.
 *
 * <p>{@link #message()} renders one line: {@code refused host '10.0.0.9' (rule allowedHosts);
 * allowed: the hosts db.example.com, 10.0.0.0/24:443}. When there is a specific reason it follows
 * the quoted value: {@code refused host '0177.0.0.1' because an IPv4 octet has a leading zero (read
 * as octal by some resolvers) (rule host.syntax); allowed: the hosts ...}. {@code allowed} is a
 * noun phrase ("the hosts ...", "paths inside ...", "nothing: ...") so that it reads after
 * "allowed:".
 *
 * <p>Rules used by this package: {@code allowedHosts}, {@code host.syntax}, {@code port.syntax},
 * {@code dnsServers}, {@code allowedDirectories}, {@code path.syntax}, {@code
 * allowedRemoteCommands}, {@code allowedRemoteCommands[i]}, {@code remoteCommandRules[i]}, {@code
 * remoteCommand.syntax}, {@code tools}.
 *
 * @param refused what was refused, quoted as given (control characters escaped), e.g. {@code host
 *     '10.0.0.9'}
 * @param rule the rule that refused it, e.g. {@code allowedHosts} or {@code path.syntax}
 * @param allowed what would be allowed instead, as a noun phrase, e.g. {@code paths inside
 *     /var/log}
 */
public record Refusal(String refused, String rule, String allowed) {

  /** Quoted values longer than this (in code points) are cut and marked. */
  public static final int MAX_QUOTED_CODE_POINTS = 120;

  /**
   * Builds a refusal for a value: {@code what 'value'[ because reason]}; the value is escaped and
   * capped.
   *
   * @param reason why, or null when "not allowed by the rule" says it all
   */
  public static Refusal of(String what, String value, String reason, String rule, String allowed) {
    String refused = what + " " + quote(value) + (reason == null ? "" : " because " + reason);
    return new Refusal(refused, rule, allowed);
  }

  /**
   * The same refusal with another "allowed instead" phrase (e.g. once the caller knows the
   * allow-list).
   */
  public Refusal withAllowed(String newAllowed) {
    return new Refusal(refused, rule, newAllowed);
  }

  /**
   * One line: "refused WHAT (rule RULE); allowed: ALLOWED"; every control or invisible character is
   * escaped.
   */
  public String message() {
    String line = "refused " + orDash(refused) + " (rule " + orDash(rule) + ")";
    if (allowed != null && !allowed.isEmpty()) {
      line += "; allowed: " + allowed;
    }
    return escapeInvisible(line);
  }

  /**
   * Quotes a user value for a message: single quotes around it, backslash and quote escaped,
   * control and invisible characters escaped, at most {@link #MAX_QUOTED_CODE_POINTS} code points.
   */
  public static String quote(String value) {
    if (value == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder("'");
    int count = 0;
    int i = 0;
    while (i < value.length()) {
      int cp = value.codePointAt(i);
      if (count == MAX_QUOTED_CODE_POINTS) {
        int rest = value.codePointCount(i, value.length());
        out.append("'... (").append(rest).append(" more characters)");
        return out.toString();
      }
      if (cp == '\\' || cp == '\'') {
        out.append('\\').appendCodePoint(cp);
      } else {
        appendEscaped(out, cp);
      }
      count++;
      i += Character.charCount(cp);
    }
    return out.append('\'').toString();
  }

  static String escapeInvisible(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> appendEscaped(out, cp));
    return out.toString();
  }

  private static void appendEscaped(StringBuilder out, int cp) {
    switch (cp) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case 0 -> out.append("\\0");
      default -> {
        if (isInvisible(cp)) {
          out.append(String.format("\\u%04X", cp));
        } else {
          out.appendCodePoint(cp);
        }
      }
    }
  }

  /**
   * Control, format (bidi overrides, zero-width), line/paragraph separators, unpaired surrogates,
   * unassigned.
   */
  static boolean isInvisible(int cp) {
    int type = Character.getType(cp);
    return Character.isISOControl(cp)
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE
        || type == Character.PRIVATE_USE
        || type == Character.UNASSIGNED
        || (type == Character.SPACE_SEPARATOR && cp != ' ');
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }
}
