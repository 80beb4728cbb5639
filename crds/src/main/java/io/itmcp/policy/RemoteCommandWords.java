package io.itmcp.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The strict tokenizer of remote commands and the pieces of a word that name absolute paths.
 *
 * <p>The tokenizer accepts only printable ASCII from this set: letters, digits and {@value
 * #ALLOWED_PUNCTUATION}; words are separated by runs of ASCII space or tab (both are word
 * separators to the remote shell too). Everything else refuses the command, in particular {@code ;
 * & | ` $ ( ) < > " ' \}, newline, CR, other control characters, the glob and expansion characters
 * {@code * ? [ ] { } ~ !}, {@code #} and {@code ^}, and every non-ASCII character (look-alike
 * quotes, semicolons and spaces). Also refused: an empty command, more than {@value #MAX_LENGTH}
 * characters or {@value #MAX_TOKENS} words, a word starting with {@code =} (zsh expands {@code
 * =cmd}), and a {@code ..} component anywhere in a word (split on {@code / = : , @}).
 */
final class RemoteCommandWords {

  static final String ALLOWED_PUNCTUATION = "-_./:=+,@%";
  static final int MAX_LENGTH = 4096;
  static final int MAX_TOKENS = 64;

  private RemoteCommandWords() {}

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

  static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || ALLOWED_PUNCTUATION.indexOf(c) >= 0;
  }

  /** Whether a word is an option to the remote program: it starts with '-' or '+'. */
  static boolean isOption(String word) {
    return word.startsWith("-") || word.startsWith("+");
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
    return "it contains "
        + Refusal.quote(String.valueOf(c))
        + " (shell metacharacters, quotes, backslash, glob characters, '~', '!', '#' and '^' are refused)";
  }

  /**
   * The parts of a word that name absolute paths: the word itself and each piece of it split on
   * {@code = : , @} that starts with '/', and of an option word or piece, the part from its first
   * '/' ({@code -f/etc/passwd}).
   */
  static List<String> pathCandidates(String token) {
    List<String> out = new ArrayList<>();
    addPath(token, out);
    for (String piece : token.split("[=:,@]")) {
      addPath(piece, out);
    }
    return out;
  }

  private static void addPath(String piece, List<String> out) {
    int slash = piece.indexOf('/');
    if (slash == 0) {
      out.add(piece);
    } else if (slash > 0 && isOption(piece)) {
      out.add(piece.substring(slash));
    }
  }
}
