package io.itmcp.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.itmcp.api.v1alpha1.RemoteArguments;
import io.itmcp.api.v1alpha1.RemoteCommandRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One compiled remote-command rule: fixed words, the options that may follow, and what the
 * remaining words may be. An {@code allowedRemoteCommands} string is a rule with no options and
 * {@link RemoteArguments#NONE}: that command exactly.
 *
 * <p>After the fixed words, every word starting with '-' or '+' is an option and must be named by
 * the rule: an exact word, or a word with a value pattern, whose value is the next word and must
 * fully match that pattern. Every other word is an argument and must fit {@link #arguments}. The
 * fixed words were written by the policy author and are trusted; every later word that holds an
 * absolute path (see {@link RemoteCommandWords#pathCandidates}) must also lie inside the allowed
 * directories, whatever the rule says.
 *
 * @param field where the rule came from, for refusals: {@code allowedRemoteCommands[0]} or {@code
 *     remoteCommandRules[2]}
 * @param words the fixed words
 * @param options the options as the policy wrote them, for descriptions
 * @param flags options allowed without a value
 * @param valued options that take the next word as their value, with the pattern it must match
 * @param arguments what the remaining words may be
 * @param match the patterns of {@link RemoteArguments#MATCH}
 */
record CommandRule(
    String field,
    List<String> words,
    List<String> options,
    List<String> flags,
    Map<String, Pattern> valued,
    RemoteArguments arguments,
    List<Pattern> match) {

  static final int MAX_PATTERN_LENGTH = 256;

  CommandRule {
    words = List.copyOf(words);
    options = List.copyOf(options);
    flags = List.copyOf(flags);
    valued = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(valued));
    match = List.copyOf(match);
  }

  /** An {@code allowedRemoteCommands} entry: exactly these words. */
  static CommandRule exact(String field, String command) {
    return new CommandRule(
        field,
        RemoteCommandWords.tokenize(command),
        List.of(),
        List.of(),
        Map.of(),
        RemoteArguments.NONE,
        List.of());
  }

  /**
   * A {@code remoteCommandRules} entry; throws {@link IllegalArgumentException} naming the problem.
   */
  static CommandRule of(String field, RemoteCommandRule rule) {
    if (rule == null || rule.getCommand() == null) {
      throw new IllegalArgumentException("a rule needs a command");
    }
    List<String> words = RemoteCommandWords.tokenize(rule.getCommand());
    RemoteArguments arguments =
        rule.getArguments() == null ? RemoteArguments.NONE : rule.getArguments();
    List<String> patterns = rule.getMatch() == null ? List.of() : rule.getMatch();
    if ((arguments == RemoteArguments.MATCH) != !patterns.isEmpty()) {
      throw new IllegalArgumentException(
          "set match (the patterns) exactly when arguments is 'match'");
    }
    List<Pattern> match = new ArrayList<>();
    for (String pattern : patterns) {
      match.add(compile("match", pattern));
    }
    List<String> options = rule.getOptions() == null ? List.of() : rule.getOptions();
    List<String> flags = new ArrayList<>();
    Map<String, Pattern> valued = new LinkedHashMap<>();
    for (String option : options) {
      if (option == null) {
        throw new IllegalArgumentException("an option is null");
      }
      int space = option.indexOf(' ');
      String word = space < 0 ? option : option.substring(0, space);
      List<String> tokens;
      try {
        tokens = RemoteCommandWords.tokenize(word);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the option " + Refusal.quote(option) + ": " + e.getMessage(), e);
      }
      if (tokens.size() != 1 || !tokens.get(0).equals(word) || !RemoteCommandWords.isOption(word)) {
        throw new IllegalArgumentException(
            "the option "
                + Refusal.quote(option)
                + " must start with one word beginning with '-' or '+'");
      }
      if (flags.contains(word) || valued.containsKey(word)) {
        throw new IllegalArgumentException("the option " + Refusal.quote(word) + " is named twice");
      }
      if (space < 0) {
        flags.add(word);
      } else {
        valued.put(word, compile("the value of " + word, option.substring(space + 1)));
      }
    }
    return new CommandRule(field, words, options, flags, valued, arguments, match);
  }

  private static Pattern compile(String what, String pattern) {
    if (pattern == null || pattern.isEmpty() || pattern.length() > MAX_PATTERN_LENGTH) {
      throw new IllegalArgumentException(
          what + ": a pattern is 1 to " + MAX_PATTERN_LENGTH + " characters");
    }
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            what
                + ": the pattern "
                + Refusal.quote(pattern)
                + " has a character outside printable ASCII");
      }
    }
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          what + ": " + Refusal.quote(pattern) + " is not an RE2 pattern: " + e.getDescription(),
          e);
    }
  }

  /** Whether the command's words begin with this rule's fixed words. */
  boolean prefixes(List<String> tokens) {
    return words.size() <= tokens.size() && tokens.subList(0, words.size()).equals(words);
  }

  /**
   * Checks the words after the fixed ones; empty when the rule allows the command, else why not.
   * The command's words must begin with {@link #words} ({@link #prefixes}).
   */
  Optional<Refusal> check(String command, List<String> tokens, PathPolicy paths) {
    List<String> rest = tokens.subList(words.size(), tokens.size());
    if (!rest.isEmpty() && arguments == RemoteArguments.NONE && options.isEmpty()) {
      return refused(
          command,
          "the word "
              + Refusal.quote(rest.get(0))
              + " follows "
              + quotedWords()
              + (field.startsWith(RemoteCommandPolicy.RULES_FIELD)
                  ? ", and the rule allows no further words"
                  : ", which is allowed exactly (an exact entry takes no further words;"
                      + " a remoteCommandRules entry can allow them)"),
          paths);
    }
    for (int i = 0; i < rest.size(); i++) {
      String word = rest.get(i);
      Optional<Refusal> outside = absolutePathsOutside(command, word, paths);
      if (outside.isPresent()) {
        return outside;
      }
      if (RemoteCommandWords.isOption(word)) {
        if (flags.contains(word)) {
          continue;
        }
        Pattern value = valued.get(word);
        if (value == null) {
          return refused(
              command,
              "the option "
                  + Refusal.quote(word)
                  + " after "
                  + quotedWords()
                  + " is not named by the rule",
              paths);
        }
        if (i + 1 == rest.size()) {
          return refused(command, "the option " + Refusal.quote(word) + " needs a value", paths);
        }
        String given = rest.get(++i);
        Optional<Refusal> valueOutside = absolutePathsOutside(command, given, paths);
        if (valueOutside.isPresent()) {
          return valueOutside;
        }
        if (!value.matches(given)) {
          return refused(
              command,
              "the value "
                  + Refusal.quote(given)
                  + " of the option "
                  + Refusal.quote(word)
                  + " does not match "
                  + value.pattern(),
              paths);
        }
        continue;
      }
      Optional<Refusal> argument = checkArgument(command, word, paths);
      if (argument.isPresent()) {
        return argument;
      }
    }
    return Optional.empty();
  }

  private Optional<Refusal> checkArgument(String command, String word, PathPolicy paths) {
    switch (arguments) {
      case NONE:
        return refused(
            command,
            "the word "
                + Refusal.quote(word)
                + " follows "
                + quotedWords()
                + " and its options, and the rule allows no further words",
            paths);
      case PATHS:
        if (!word.startsWith("/")) {
          return refused(
              command,
              "the argument "
                  + Refusal.quote(word)
                  + " is not an absolute path (a relative"
                  + " path is resolved on the remote host, in the login user's home, where it cannot be checked)",
              paths);
        }
        return Optional.empty();
      case MATCH:
        for (Pattern pattern : match) {
          if (pattern.matches(word)) {
            return Optional.empty();
          }
        }
        return refused(
            command,
            "the argument " + Refusal.quote(word) + " matches none of the rule's patterns",
            paths);
      default:
        return Optional.empty();
    }
  }

  private static Optional<Refusal> absolutePathsOutside(
      String command, String word, PathPolicy paths) {
    for (String candidate : RemoteCommandWords.pathCandidates(word)) {
      try {
        paths.check(candidate);
      } catch (PolicyRefusedException e) {
        return Optional.of(
            Refusal.of(
                "remote command",
                command,
                "its argument path " + Refusal.quote(candidate) + " is not allowed",
                e.refusal().rule(),
                e.refusal().allowed()));
      }
    }
    return Optional.empty();
  }

  private Optional<Refusal> refused(String command, String reason, PathPolicy paths) {
    return Optional.of(
        Refusal.of("remote command", command, reason, field, "the command " + describe(paths)));
  }

  private String quotedWords() {
    return Refusal.quote(String.join(" ", words));
  }

  /**
   * As a noun phrase: {@code 'tail' with the options -n [0-9]{1,4}, then absolute paths inside
   * /var/log}.
   */
  String describe(PathPolicy paths) {
    StringBuilder out = new StringBuilder(quotedWords());
    if (arguments == RemoteArguments.NONE && options.isEmpty()) {
      return out.append(" exactly").toString();
    }
    if (!options.isEmpty()) {
      out.append(" with the options ").append(String.join(", ", options));
    }
    switch (arguments) {
      case NONE -> out.append(", nothing else");
      case PATHS -> out.append(", then absolute paths inside ").append(paths.describe());
      case MATCH ->
          out.append(", then words matching ")
              .append(String.join(" or ", match.stream().map(Pattern::pattern).toList()));
      default -> out.append(", then any words");
    }
    return out.toString();
  }
}
