package io.itmcp.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The compiled {@code allowedRemoteCommands}: a strict tokenizer (whitespace-separated words; any
 * shell metacharacter, quote, backslash, newline or control character refuses the command),
 * whole-token prefix matching, and absolute-path arguments checked against the allowed directories.
 *
 * <p>The tokenizer accepts only printable ASCII from this set: letters, digits and
 * {@value #ALLOWED_PUNCTUATION}; words are separated by runs of ASCII space or tab (both are word
 * separators to the remote shell too). Everything else refuses the command (rule
 * {@code remoteCommand.syntax}), in particular {@code ; & | ` $ ( ) < > " ' \}, newline, CR, other
 * control characters, the glob and expansion characters {@code * ? [ ] { } ~ !}, {@code #} and
 * {@code ^}, and every non-ASCII character (look-alike quotes and semicolons). Also refused: an
 * empty command, more than {@value #MAX_LENGTH} characters or {@value #MAX_TOKENS} words, a word
 * starting with {@code =} (zsh expands {@code =cmd}), and a {@code ..} component anywhere in a
 * word (split on {@code / = : , @}).
 *
 * <p>A command is allowed when its words begin with all words of an entry (whole-token,
 * case-sensitive): {@code show interface} allows {@code show interface status}, never
 * {@code show interfaces}. Otherwise rule {@code allowedRemoteCommands}.
 *
 * <p>Arguments after the matched entry are path-checked with the {@link PathPolicy}: each word is
 * split on {@code = : , @}; every piece that starts with '/' ({@code /etc/passwd},
 * {@code --file=/etc/passwd}, {@code a,/etc/x}) and every option piece with an attached path
 * ({@code -f/etc/passwd}) must be inside an allowed directory (the path policy's rules apply).
 * Words of the entry itself were written by the policy author and are trusted. Relative words
 * with '/' ({@code GigabitEthernet0/1}) are allowed when they hold no {@code ..}; note that a
 * relative path is resolved by the remote side against its working directory, which this check
 * cannot see, so do not allow-list a bare file-reading prefix (e.g. {@code cat}) where that matters.
 */
public final class RemoteCommandPolicy {

  static final String FIELD = "allowedRemoteCommands";
  static final String SYNTAX_RULE = "remoteCommand.syntax";
  public static final String ALLOWED_PUNCTUATION = "-_./:=+,@%";
  public static final int MAX_LENGTH = 4096;
  public static final int MAX_TOKENS = 64;

  private final List<List<String>> entries;
  private final PathPolicy paths;

  private RemoteCommandPolicy(List<List<String>> entries, PathPolicy paths) {
    this.entries = entries;
    this.paths = paths;
  }

  public static RemoteCommandPolicy of(List<String> entries, PathPolicy paths) {
    return of(FIELD, entries, paths);
  }

  /** As {@link #of(List, PathPolicy)}, naming entries after another field (e.g. an environment variable). */
  public static RemoteCommandPolicy of(String field, List<String> entries, PathPolicy paths) {
    Objects.requireNonNull(paths, "paths");
    return new RemoteCommandPolicy(Entries.compile(field, entries, RemoteCommandPolicy::tokenize), paths);
  }

  /** Returns the command's tokens, or throws {@link PolicyRefusedException}. */
  public List<String> check(String command) {
    List<String> tokens;
    try {
      tokens = tokenize(command);
    } catch (IllegalArgumentException e) {
      throw refusal(command, e.getMessage(), SYNTAX_RULE);
    }
    int matched = longestMatch(tokens);
    if (matched < 0) {
      throw refusal(command, null, FIELD);
    }
    for (String token : tokens.subList(matched, tokens.size())) {
      for (String candidate : pathCandidates(token)) {
        try {
          paths.check(candidate);
        } catch (PolicyRefusedException e) {
          throw new PolicyRefusedException(Refusal.of("remote command", command,
              "its argument path " + Refusal.quote(candidate) + " is not allowed",
              e.refusal().rule(), e.refusal().allowed()));
        }
      }
    }
    return tokens;
  }

  /** The number of words of the longest entry that prefixes the tokens, or -1. */
  private int longestMatch(List<String> tokens) {
    int best = -1;
    for (List<String> entry : entries) {
      if (entry.size() <= tokens.size() && entry.size() > best
          && tokens.subList(0, entry.size()).equals(entry)) {
        best = entry.size();
      }
    }
    return best;
  }

  public String describe() {
    return Entries.describe(entries.stream().map(e -> Refusal.quote(String.join(" ", e))).toList(), "(none)");
  }

  private PolicyRefusedException refusal(String command, String reason, String rule) {
    String allowed = entries.isEmpty()
        ? "nothing: no remote command is allowed (allowedRemoteCommands is empty)"
        : "commands that begin with the whole words of " + describe();
    return new PolicyRefusedException(Refusal.of("remote command", command, reason, rule, allowed));
  }

  /** Splits a command into words; throws {@link IllegalArgumentException} with a reason phrase. */
  static List<String> tokenize(String command) {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("it is empty");
    }
    if (command.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("it is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (!isWordChar(c) && c != ' ' && c != '\t') {
        throw new IllegalArgumentException(describeForbidden(c));
      }
    }
    List<String> tokens = new ArrayList<>();
    for (String token : command.split("[ \t]+")) {
      if (token.isEmpty()) {
        continue;
      }
      if (token.startsWith("=")) {
        throw new IllegalArgumentException("a word starts with '=' (expanded by some shells)");
      }
      for (String piece : token.split("[/=:,@]", -1)) {
        if (piece.equals("..")) {
          throw new IllegalArgumentException("a word contains a '..' component");
        }
      }
      tokens.add(token);
    }
    if (tokens.size() > MAX_TOKENS) {
      throw new IllegalArgumentException("it has more than " + MAX_TOKENS + " words");
    }
    return List.copyOf(tokens);
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || ALLOWED_PUNCTUATION.indexOf(c) >= 0;
  }

  private static String describeForbidden(char c) {
    if (c == '\n' || c == '\r') {
      return "it contains a line break";
    }
    if (c < 0x20 || c == 0x7f) {
      return "it contains a control character";
    }
    if (c >= 0x80) {
      return "it contains a non-ASCII character (only plain ASCII words are accepted)";
    }
    return "it contains " + Refusal.quote(String.valueOf(c))
        + " (shell metacharacters, quotes, backslash, glob characters, '~', '!', '#' and '^' are refused)";
  }

  /** Pieces of a word that name absolute paths: split on = : , @; option pieces with an attached path. */
  static List<String> pathCandidates(String token) {
    List<String> out = new ArrayList<>();
    for (String piece : token.split("[=:,@]")) {
      int slash = piece.indexOf('/');
      if (slash == 0) {
        out.add(piece);
      } else if (slash > 0 && piece.startsWith("-")) {
        out.add(piece.substring(slash));
      }
    }
    return out;
  }
}
