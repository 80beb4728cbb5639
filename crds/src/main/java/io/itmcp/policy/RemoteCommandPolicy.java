package io.itmcp.policy;

import io.itmcp.api.v1alpha1.RemoteCommandRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The compiled {@code allowedRemoteCommands} and {@code remoteCommandRules}.
 *
 * <p>A command is first split into plain words by {@link RemoteCommandWords#tokenize} (any shell
 * metacharacter, quote, backslash, glob, control or non-ASCII character refuses it: rule {@code
 * remoteCommand.syntax}). It is allowed when one rule allows it ({@link CommandRule}):
 *
 * <ul>
 *   <li>an {@code allowedRemoteCommands} entry allows exactly its words, nothing after them;
 *   <li>a {@code remoteCommandRules} entry allows its words, then the options it names (every other
 *       word starting with '-' or '+' is refused), then further words as its {@code arguments} say:
 *       none, absolute paths inside {@code allowedDirectories} (relative paths refused), words
 *       fully matching its RE2 patterns, or any words.
 * </ul>
 *
 * In every case an absolute path anywhere after the fixed words must lie inside the allowed
 * directories (checked lexically: the remote host's symlinks cannot be seen from here).
 *
 * <p>Refusals: when no rule's fixed words begin the command, rule {@code allowedRemoteCommands}
 * with every rule described; otherwise the refusal of the rule with the most fixed words, naming it
 * ({@code allowedRemoteCommands[0]}, {@code remoteCommandRules[2]}) and describing what it allows.
 */
public final class RemoteCommandPolicy {

  static final String EXACT_FIELD = "allowedRemoteCommands";
  static final String RULES_FIELD = "remoteCommandRules";
  static final String SYNTAX_RULE = "remoteCommand.syntax";
  public static final String ALLOWED_PUNCTUATION = RemoteCommandWords.ALLOWED_PUNCTUATION;
  public static final int MAX_LENGTH = RemoteCommandWords.MAX_LENGTH;
  public static final int MAX_TOKENS = RemoteCommandWords.MAX_TOKENS;

  private final List<CommandRule> rules;
  private final PathPolicy paths;

  private RemoteCommandPolicy(List<CommandRule> rules, PathPolicy paths) {
    this.rules = rules;
    this.paths = paths;
  }

  /** Exact commands only. */
  public static RemoteCommandPolicy of(List<String> exact, PathPolicy paths) {
    return of(EXACT_FIELD, exact, List.of(), paths);
  }

  public static RemoteCommandPolicy of(
      List<String> exact, List<RemoteCommandRule> rules, PathPolicy paths) {
    return of(EXACT_FIELD, exact, rules, paths);
  }

  /** Exact commands only, naming entries after another field (e.g. an environment variable). */
  public static RemoteCommandPolicy of(String exactField, List<String> exact, PathPolicy paths) {
    return of(exactField, exact, List.of(), paths);
  }

  static RemoteCommandPolicy of(
      String exactField, List<String> exact, List<RemoteCommandRule> rules, PathPolicy paths) {
    Objects.requireNonNull(paths, "paths");
    List<CommandRule> compiled = new ArrayList<>();
    List<String> exactEntries = exact == null ? List.of() : exact;
    for (int i = 0; i < exactEntries.size(); i++) {
      String field = exactField + "[" + i + "]";
      String entry = exactEntries.get(i);
      compiled.add(compileEntry(field, entry, () -> CommandRule.exact(field, entry)));
    }
    List<RemoteCommandRule> ruleEntries = rules == null ? List.of() : rules;
    for (int i = 0; i < ruleEntries.size(); i++) {
      String field = RULES_FIELD + "[" + i + "]";
      RemoteCommandRule rule = ruleEntries.get(i);
      compiled.add(
          compileEntry(
              field, rule == null ? null : rule.getCommand(), () -> CommandRule.of(field, rule)));
    }
    return new RemoteCommandPolicy(List.copyOf(compiled), paths);
  }

  private static CommandRule compileEntry(
      String field, String shown, java.util.function.Supplier<CommandRule> compile) {
    try {
      if (shown == null) {
        throw new IllegalArgumentException("the entry has no command");
      }
      return compile.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field + " " + Refusal.quote(shown) + ": " + e.getMessage(), e);
    }
  }

  /** Returns the command's words, or throws {@link PolicyRefusedException}. */
  public List<String> check(String command) {
    List<String> tokens;
    try {
      tokens = RemoteCommandWords.tokenize(command);
    } catch (IllegalArgumentException e) {
      throw new PolicyRefusedException(
          Refusal.of("remote command", command, e.getMessage(), SYNTAX_RULE, allowedPhrase()));
    }
    List<CommandRule> candidates =
        rules.stream()
            .filter(r -> r.prefixes(tokens))
            .sorted(Comparator.comparingInt((CommandRule r) -> r.words().size()).reversed())
            .toList();
    if (candidates.isEmpty()) {
      throw new PolicyRefusedException(
          Refusal.of("remote command", command, null, EXACT_FIELD, allowedPhrase()));
    }
    Optional<Refusal> mostSpecific = Optional.empty();
    for (CommandRule rule : candidates) {
      Optional<Refusal> refusal = rule.check(command, tokens, paths);
      if (refusal.isEmpty()) {
        return tokens;
      }
      mostSpecific = mostSpecific.or(() -> refusal);
    }
    throw new PolicyRefusedException(mostSpecific.orElseThrow());
  }

  /**
   * Every rule as a noun phrase, e.g. {@code 'show version' exactly, 'tail' with the options -n
   * [0-9]+, ...}.
   */
  public String describe() {
    return Entries.describe(rules.stream().map(r -> r.describe(paths)).toList(), "(none)");
  }

  /** One line per rule for people reviewing a policy: field, then what it allows. */
  public List<String> notes() {
    return rules.stream().map(r -> r.field() + ": " + r.describe(paths)).toList();
  }

  private String allowedPhrase() {
    return rules.isEmpty()
        ? "nothing: no remote command is allowed (allowedRemoteCommands and remoteCommandRules are empty)"
        : "the commands " + describe();
  }
}
