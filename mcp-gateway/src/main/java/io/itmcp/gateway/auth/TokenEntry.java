package io.itmcp.gateway.auth;

import java.util.List;

/** One line of the tokens file: who a token stands for, and the SHA-256 of the token itself. */
public record TokenEntry(String user, List<String> groups, byte[] sha256) {
  public TokenEntry {
    groups = List.copyOf(groups);
    sha256 = sha256.clone();
  }

  public Identity identity() {
    return new Identity(user, groups);
  }
}
