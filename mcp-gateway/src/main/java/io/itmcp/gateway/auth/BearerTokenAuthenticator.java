package io.itmcp.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * The static token file's {@link Authenticator}. The presented token is hashed and compared with
 * every entry in constant time, without stopping at the first match, so timing tells nothing about
 * which entry (if any) came close.
 */
public final class BearerTokenAuthenticator implements Authenticator {

  private final List<TokenEntry> entries;

  public BearerTokenAuthenticator(List<TokenEntry> entries) {
    this.entries = List.copyOf(entries);
  }

  @Override
  public Optional<Identity> authenticate(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = sha256(token);
    TokenEntry match = null;
    for (TokenEntry e : entries) {
      boolean equal = MessageDigest.isEqual(presented, e.sha256());
      if (equal && match == null) {
        match = e;
      }
    }
    return Optional.ofNullable(match).map(TokenEntry::identity);
  }

  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
