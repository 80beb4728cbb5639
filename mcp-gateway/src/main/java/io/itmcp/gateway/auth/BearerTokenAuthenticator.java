package io.itmcp.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Turns an {@code Authorization} header into an identity. The presented token is hashed and
 * compared with every entry in constant time, without stopping at the first match, so timing
 * tells nothing about which entry (if any) came close.
 */
public final class BearerTokenAuthenticator {

  private static final String PREFIX = "Bearer ";
  private final List<TokenEntry> entries;

  public BearerTokenAuthenticator(List<TokenEntry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** This token file on the {@link Authenticator} seam, which takes the token without the {@code Bearer } prefix. */
  public Authenticator asAuthenticator() {
    return token -> token == null ? Optional.empty() : authenticate(PREFIX + token);
  }

  public Optional<Identity> authenticate(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.length() <= PREFIX.length()
        || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return Optional.empty();
    }
    String token = authorizationHeader.substring(PREFIX.length()).trim();
    if (token.isEmpty()) {
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
