package io.itmcp.gateway.audit;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;

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
  /** Names whose value is a secret in {@code name=value} / {@code name: value}; prefixes such as {@code db_} allowed. */
  private static final String SECRET_NAMES = "(?:password|passwd|passphrase|pwd|pass|secret|token|api[_-]?key"
      + "|access[_-]?key|private[_-]?key|ssh[_-]?key|credentials?|auth|authorization|accountkey|sharedaccesskey|sig)";

  private record Rule(Pattern pattern, String replacement) {
  }

  private static final List<Rule> RULES = List.of(
      // a PEM private key, also one cut off before its END line
      new Rule(Pattern.compile("-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY-----(?s:.*?)(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY-----|\\z)"),
          R),
      new Rule(Pattern.compile("(?i)\\b(bearer)(\\s+)[A-Za-z0-9._~+/=-]{8,}"), "$1$2" + R),
      new Rule(Pattern.compile("\\b(Basic)(\\s+)[A-Za-z0-9+/]{8,}={0,2}"), "$1$2" + R),
      new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"), R),
      new Rule(Pattern.compile("(?i)((?:^|[^A-Za-z0-9])[\"']?[A-Za-z0-9_.-]{0,40}" + SECRET_NAMES
          + "[\"']?[ \\t]*[:=][ \\t]*)(\"[^\"]*\"|'[^']*'|[^\\s&;,'\"]+)"), "$1" + R),
      new Rule(Pattern.compile("(?i)(--?" + SECRET_NAMES + "[ \\t]+)([^\\s-][^\\s]*)"), "$1" + R),
      new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{0,20}://[^/\\s:@]{1,256}:)([^/\\s@]{1,256})@"), "$1" + R + "@"),
      new Rule(Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}\\b"), R),
      new Rule(Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), R),
      new Rule(Pattern.compile("\\bya29\\.[0-9A-Za-z_-]{20,}"), R),
      new Rule(Pattern.compile("\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}"), R),
      new Rule(Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{22,}"), R),
      new Rule(Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}"), R),
      new Rule(Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"), R));

  private SecretPatterns() {
  }

  /** The text with every secret-shaped part replaced; the same string when there is none. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(out);
      if (m.find()) {
        out = m.replaceAll(rule.replacement());
      }
    }
    return out;
  }
}
