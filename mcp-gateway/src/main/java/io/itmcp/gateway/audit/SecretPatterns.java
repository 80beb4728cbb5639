package io.itmcp.gateway.audit;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;

/**
 * Finds secrets inside free text (a grep pattern, an ssh command, a tool's output) by their shape
 * and replaces them with {@value SecretRedactor#REDACTED}: private-key blocks, bearer and basic
 * credentials, JWTs, {@code password=}/{@code pwd:}/{@code token=}-style pairs, passwords in URLs,
 * and cloud and forge tokens (AWS access key ids, Google API keys and OAuth tokens, Azure account
 * keys and SAS signatures, GitHub and Slack tokens). The patterns are RE2 (re2j): matching is
 * linear in the input, so no input can make redaction backtrack.
 */
public final class SecretPatterns {

  private static final String R = SecretRedactor.REDACTED;

  /**
   * Names whose value is a secret in {@code name=value} / {@code name: value}; prefixes such as
   * {@code db_} allowed.
   */
  private static final String SECRET_NAMES =
      "(?:password|passwd|passphrase|pwd|pass|secret|token|api[_-]?key"
          + "|access[_-]?key|private[_-]?key|ssh[_-]?key|credentials?|auth|authorization|accountkey|sharedaccesskey|sig)";

  /**
   * A pattern and what replaces it; the pattern runs only when the text (lower-cased) contains,
   * from each group of literals, at least one (every match contains one of each group), so ordinary
   * output costs a few substring scans instead of a regular-expression pass per rule.
   */
  private record Rule(Pattern pattern, String replacement, List<List<String>> literalGroups) {
    Rule(String regex, String replacement, String... literals) {
      this(Pattern.compile(regex), replacement, List.of(List.of(literals)));
    }

    Rule(String regex, String replacement, String[] literals, String... alsoOneOf) {
      this(Pattern.compile(regex), replacement, List.of(List.of(literals), List.of(alsoOneOf)));
    }

    // plain loops: this runs for every rule on every audited word and every line of output
    boolean mayMatch(String lowerCased) {
      for (List<String> group : literalGroups) {
        if (!containsAny(lowerCased, group)) {
          return false;
        }
      }
      return true;
    }

    private static boolean containsAny(String text, List<String> literals) {
      for (String literal : literals) {
        if (text.contains(literal)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final String[] NAME_LITERALS = {
    "pass", "pwd", "secret", "token", "key", "cred", "auth", "sig"
  };

  private static final List<Rule> RULES =
      List.of(
          // a PEM private key, also one cut off before its END line
          new Rule(
              "-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY-----(?s:.*?)(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY-----|\\z)",
              R,
              "private key"),
          new Rule("(?i)\\b(bearer)(\\s+)[A-Za-z0-9._~+/=-]{8,}", "$1$2" + R, "bearer"),
          new Rule("\\b(Basic)(\\s+)[A-Za-z0-9+/]{8,}={0,2}", "$1$2" + R, "basic"),
          new Rule("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*", R, "eyj"),
          // name=value, name: value, "name": "value"; the name may end a longer one (DB_PASSWORD=)
          new Rule(
              "(?i)("
                  + SECRET_NAMES
                  + "[\"']?[ \\t]*[:=][ \\t]*)(\"[^\"]*\"|'[^']*'|[^\\s&;,'\"]+)",
              "$1" + R,
              NAME_LITERALS,
              ":",
              "="),
          // --password value, -pass value
          new Rule(
              "(?i)((?:^|\\s)-{1,2}" + SECRET_NAMES + "[ \\t]+)([^\\s-]\\S*)",
              "$1" + R,
              NAME_LITERALS,
              "-pass",
              "-pwd",
              "-secret",
              "-token",
              "-api",
              "-access",
              "-private",
              "-ssh",
              "-cred",
              "-auth",
              "-account",
              "-shared",
              "-sig"),
          new Rule(
              "(?i)\\b([a-z][a-z0-9+.-]{0,20}://[^/\\s:@]{1,256}:)([^/\\s@]{1,256})@",
              "$1" + R + "@",
              "://"),
          new Rule(
              "\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}\\b",
              R,
              "akia",
              "asia",
              "abia",
              "acca",
              "agpa",
              "aida",
              "aroa",
              "anpa"),
          new Rule("\\bAIza[0-9A-Za-z_-]{35}", R, "aiza"),
          new Rule("\\bya29\\.[0-9A-Za-z_-]{20,}", R, "ya29."),
          new Rule(
              "\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}",
              R,
              "ghp_",
              "gho_",
              "ghu_",
              "ghs_",
              "ghr_"),
          new Rule("\\bgithub_pat_[A-Za-z0-9_]{22,}", R, "github_pat_"),
          new Rule("\\bglpat-[A-Za-z0-9_-]{20,}", R, "glpat-"),
          new Rule("\\bxox[abprs]-[A-Za-z0-9-]{10,}", R, "xox"));

  private SecretPatterns() {}

  /** The text with every secret-shaped part replaced; the same string when there is none. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    String lower = text.toLowerCase(Locale.ROOT);
    for (Rule rule : RULES) {
      if (!rule.mayMatch(lower)) {
        continue;
      }
      Matcher m = rule.pattern().matcher(out);
      if (m.find()) {
        out = m.replaceAll(rule.replacement());
        lower = out.toLowerCase(Locale.ROOT);
      }
    }
    return out;
  }
}
