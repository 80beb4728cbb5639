package io.itmcp.gateway.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who is calling when there is no MCP session (modern era, 2026-07-28): the authenticated user, the
 * policy of the request and the client's name from {@code _meta} clientInfo. Every request of one
 * caller maps to the same gateway session (rate limit, sandbox), so a stateless client is served
 * like one that keeps a session open.
 *
 * @param clientName may be null: a client that does not name itself shares one key per user and
 *     policy
 */
public record CallerKey(String user, String policy, String clientName) {

  public static CallerKey of(String user, String policy, String clientName) {
    return new CallerKey(
        user, policy, clientName == null || clientName.isBlank() ? null : clientName);
  }

  /** A deterministic session id: the same caller gets the same id on every request and replica. */
  public String sessionId() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String joined = user + "\u0000" + policy + "\u0000" + (clientName == null ? "" : clientName);
      byte[] digest = sha.digest(joined.getBytes(StandardCharsets.UTF_8));
      return "caller-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
