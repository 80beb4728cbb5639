package io.itmcp.gateway.runtime.kubernetes;

import io.itmcp.api.v1alpha1.LabelValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Kubernetes-safe names and label values derived from untrusted strings; pure. */
public final class SessionNames {

  /** Prefix of every ItmcpSession name the gateway creates. */
  public static final String PREFIX = "mcp-";
  private static final int HASH_CHARS = 20;
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private SessionNames() {
  }

  /**
   * The ItmcpSession name of an MCP session: {@code mcp-} and 20 hex characters of the SHA-256 of
   * the MCP session id. Deterministic (the same MCP session always maps to the same object, so a
   * retried create cannot make two), a valid DNS-1123 label whatever the id contains, and it does
   * not reveal the MCP session id, which is a credential of sorts.
   */
  public static String forMcpSession(String mcpSessionId) {
    return PREFIX + sha256Hex(mcpSessionId).substring(0, HASH_CHARS);
  }

  /**
   * A label value standing for an arbitrary string (a user name such as
   * {@code system:serviceaccount:team:bot} or {@code alice@example.com}): characters a label value
   * may not hold become {@code -}, the ends are trimmed to alphanumerics, and when anything had to
   * change or be cut a short hash of the original is appended so that different users never share
   * a value. The label is for selecting and reading; the exact identity is in the spec.
   */
  public static String labelValue(String value) {
    // The operator labels pods and NetworkPolicies with the same function, so both write one value.
    return LabelValues.of(value);
  }

  /** Whether a string may be used as an object name (policy names come from a URL path). */
  public static boolean isValidObjectName(String name) {
    return name != null && !name.isEmpty() && name.length() <= 253 && DNS_1123_SUBDOMAIN.matcher(name).matches();
  }

  static String sha256Hex(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
