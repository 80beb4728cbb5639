package io.itmcp.policy;

import java.util.List;

/**
 * The compiled {@code allowedDirectories}. Checks are lexical: absolute, no NUL or control
 * characters, normalised, inside an allowed directory on a component boundary. The runtime that
 * reads the file resolves symlinks where the file lives and calls {@link #checkResolved} again.
 */
public final class PathPolicy {

  public static PathPolicy of(List<String> directories) {
    throw new UnsupportedOperationException("policy engine");
  }

  /** Returns the normalised absolute path, or throws {@link PolicyRefusedException}. */
  public String check(String rawPath) {
    throw new UnsupportedOperationException("policy engine");
  }

  /** The second check, on the path after symlink resolution inside the sandbox. */
  public String checkResolved(String realPath) {
    throw new UnsupportedOperationException("policy engine");
  }

  public List<String> directories() {
    throw new UnsupportedOperationException("policy engine");
  }

  public String describe() {
    throw new UnsupportedOperationException("policy engine");
  }
}
