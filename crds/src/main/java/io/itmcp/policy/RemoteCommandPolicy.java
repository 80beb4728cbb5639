package io.itmcp.policy;

import java.util.List;

/**
 * The compiled {@code allowedRemoteCommands}: a strict tokenizer (whitespace-separated words; any
 * shell metacharacter, quote, backslash, newline or control character refuses the command),
 * whole-token prefix matching, and absolute-path arguments checked against the allowed directories.
 */
public final class RemoteCommandPolicy {

  public static RemoteCommandPolicy of(List<String> entries, PathPolicy paths) {
    throw new UnsupportedOperationException("policy engine");
  }

  /** Returns the command's tokens, or throws {@link PolicyRefusedException}. */
  public List<String> check(String command) {
    throw new UnsupportedOperationException("policy engine");
  }

  public String describe() {
    throw new UnsupportedOperationException("policy engine");
  }
}
