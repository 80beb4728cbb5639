package io.itmcp.policy;

/**
 * Why something was refused, in words a person or an AI can act on.
 *
 * @param refused what was refused, quoted as given (control characters escaped)
 * @param rule the rule that refused it, e.g. {@code allowedHosts} or {@code path.outsideAllowedDirectories}
 * @param allowed what would be allowed instead, e.g. the allowed directories
 */
public record Refusal(String refused, String rule, String allowed) {

  /** One line: "refused X: RULE; allowed: Y". */
  public String message() {
    throw new UnsupportedOperationException("policy engine");
  }
}
