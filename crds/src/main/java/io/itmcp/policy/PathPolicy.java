package io.itmcp.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The compiled {@code allowedDirectories}. Checks are lexical: absolute, no NUL or control
 * characters, normalised, inside an allowed directory on a component boundary. The sandbox that
 * reads the file resolves symlinks itself, one component at a time, and never leaves the allowed
 * directories (the gateway's in-sandbox reader).
 *
 * <p>Rules of {@link #check} (rule {@code path.syntax} unless said otherwise):
 *
 * <ul>
 *   <li>absolute (starts with '/'), at most {@value #MAX_PATH_LENGTH} characters;
 *   <li>no NUL, control or invisible characters; no backslash (not a separator on Linux, but an
 *       escape to shells and some tools, and a separator to readers on other systems);
 *   <li>no percent-encoding ({@code %2e%2e}): paths are taken literally and never decoded, and an
 *       encoded form is refused so that nothing downstream can decode it into a traversal;
 *   <li>repeated slashes, {@code .} components and a trailing slash are normalised away; a {@code
 *       ..} component is refused (lexical resolution of {@code ..} differs from the kernel's when a
 *       symlink precedes it);
 *   <li>the normalised path must be an allowed directory or lie below one on a component boundary
 *       ({@code /var/log2} is not inside {@code /var/log}), else rule {@code allowedDirectories}.
 * </ul>
 *
 * An allowed directory must itself be absolute and already normalised (one trailing slash is
 * tolerated); {@code /} is accepted and allows every absolute path in the sandbox (the sandbox's
 * own filesystem is then the boundary). An empty list allows nothing.
 */
public final class PathPolicy {

  static final String FIELD = "allowedDirectories";
  static final String SYNTAX_RULE = "path.syntax";
  public static final int MAX_PATH_LENGTH = 4096;
  private static final Pattern PERCENT_ENCODED = Pattern.compile("%[0-9A-Fa-f]{2}");

  private final List<String> directories;
  private final boolean allowHardLinks;

  private PathPolicy(List<String> directories, boolean allowHardLinks) {
    this.directories = directories;
    this.allowHardLinks = allowHardLinks;
  }

  public static PathPolicy of(List<String> directories) {
    return of(FIELD, directories);
  }

  /** As {@link #of(List)}, naming entries after another field (e.g. an environment variable). */
  public static PathPolicy of(String field, List<String> directories) {
    return new PathPolicy(Entries.compile(field, directories, PathPolicy::parseDirectory), false);
  }

  /**
   * The same directories; {@code files.allowHardLinks} decides whether a file with several links
   * may be read.
   */
  public PathPolicy withHardLinks(boolean allowed) {
    return new PathPolicy(directories, allowed);
  }

  /** Whether files with more than one hard link may be read (rule {@code files.allowHardLinks}). */
  public boolean allowHardLinks() {
    return allowHardLinks;
  }

  private static String parseDirectory(String dir) {
    String normalised = normalise(dir);
    String asWritten =
        dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    if (!asWritten.equals(normalised)) {
      throw new IllegalArgumentException(
          "an allowed directory must be written normalised, e.g. '" + normalised + "'");
    }
    return normalised;
  }

  /** Returns the normalised absolute path, or throws {@link PolicyRefusedException}. */
  public String check(String rawPath) {
    String normalised;
    try {
      normalised = normalise(rawPath);
    } catch (IllegalArgumentException e) {
      throw new PolicyRefusedException(
          Refusal.of("path", rawPath, e.getMessage(), SYNTAX_RULE, allowedPhrase()));
    }
    return requireInside(rawPath, normalised);
  }

  /**
   * The second check, on the path after symlink resolution inside the sandbox. The same rules, and
   * the resolved path must already be normalised (a real path from {@code realpath} always is).
   */
  public String checkResolved(String realPath) {
    String normalised = check(realPath);
    if (!normalised.equals(realPath)) {
      throw new PolicyRefusedException(
          Refusal.of(
              "resolved path",
              realPath,
              "a resolved path must already be normalised",
              SYNTAX_RULE,
              allowedPhrase()));
    }
    return normalised;
  }

  /** Whether a normalised absolute path lies in an allowed directory (no other checks). */
  public boolean isInside(String normalisedPath) {
    for (String dir : directories) {
      if (dir.equals("/") || normalisedPath.equals(dir) || normalisedPath.startsWith(dir + "/")) {
        return true;
      }
    }
    return false;
  }

  private String requireInside(String raw, String normalised) {
    if (!isInside(normalised)) {
      String shown =
          normalised.equals(raw) ? null : "it is " + Refusal.quote(normalised) + " once normalised";
      throw new PolicyRefusedException(Refusal.of("path", raw, shown, FIELD, allowedPhrase()));
    }
    return normalised;
  }

  public List<String> directories() {
    return directories;
  }

  public String describe() {
    return Entries.describe(directories, "(none)");
  }

  private String allowedPhrase() {
    return directories.isEmpty()
        ? "nothing: no directory is allowed (allowedDirectories is empty)"
        : "paths inside " + describe();
  }

  /** Lexical normalisation; throws {@link IllegalArgumentException} with a reason phrase. */
  static String normalise(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("it is empty");
    }
    if (raw.length() > MAX_PATH_LENGTH) {
      throw new IllegalArgumentException("it is longer than " + MAX_PATH_LENGTH + " characters");
    }
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      if (cp == 0) {
        throw new IllegalArgumentException("it contains a NUL character");
      }
      if (Refusal.isInvisible(cp)) {
        throw new IllegalArgumentException("it contains a control or invisible character");
      }
      if (cp == '\\') {
        throw new IllegalArgumentException("it contains a backslash");
      }
      i += Character.charCount(cp);
    }
    if (PERCENT_ENCODED.matcher(raw).find()) {
      throw new IllegalArgumentException(
          "it contains percent-encoding; paths are literal and never decoded");
    }
    if (raw.charAt(0) != '/') {
      throw new IllegalArgumentException("it is not absolute (it must start with '/')");
    }
    List<String> parts = new ArrayList<>();
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new IllegalArgumentException("it contains a '..' component");
      }
      parts.add(part);
    }
    return "/" + String.join("/", parts);
  }
}
