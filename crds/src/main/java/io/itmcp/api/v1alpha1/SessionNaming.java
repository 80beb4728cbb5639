package io.itmcp.api.v1alpha1;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How an ItmcpSession and what it owns are named, and how untrusted strings become label values;
 * pure. The gateway names the session after its caller (user, policy, client name), or after the
 * MCP session under {@code sandbox.sharing: PerMcpSession}; the operator names the pod and the
 * network rules after the session, so that either side restarted at any point finds (and never
 * duplicates) what it made before.
 */
public final class SessionNaming {

  /** Prefix of every ItmcpSession name the gateway creates. */
  public static final String MCP_SESSION_PREFIX = "mcp-";

  /** Kubernetes' limit on a label value, and so on a session name (it labels the pod). */
  public static final int MAX_LABEL_VALUE = 63;

  private static final int MAX_OBJECT_NAME = 253;
  private static final int SESSION_HASH_CHARS = 20;
  private static final int LABEL_HASH_CHARS = 8;
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

  private SessionNaming() {}

  /**
   * The ItmcpSession name of an MCP session: {@code mcp-} and 20 hex characters of the SHA-256 of
   * the MCP session id. Deterministic (the same MCP session always maps to the same object, so a
   * retried create cannot make two), a valid DNS-1123 label whatever the id contains, and it does
   * not reveal the MCP session id, which is a credential of sorts.
   */
  public static String forMcpSession(String mcpSessionId) {
    return MCP_SESSION_PREFIX + sha256Hex(mcpSessionId).substring(0, SESSION_HASH_CHARS);
  }

  /** The sandbox pod of a session. */
  public static String pod(String sessionName) {
    return sessionName + "-sandbox";
  }

  public static String pod(ItmcpSession session) {
    return pod(session.getMetadata().getName());
  }

  /** The NetworkPolicy or CiliumNetworkPolicy (never both) holding a session's egress rules. */
  public static String egressPolicy(String sessionName) {
    return sessionName + "-egress";
  }

  public static String egressPolicy(ItmcpSession session) {
    return egressPolicy(session.getMetadata().getName());
  }

  /**
   * The ItmcpSession name of a caller's sandbox: {@code mcp-} and 20 hex characters of the SHA-256
   * of (user, policy, client name), each length-prefixed so no two triples read alike. Every
   * gateway replica computes the same name for the same caller, so whichever comes first creates
   * the ItmcpSession and the others find it; 24 characters, a valid DNS-1123 label that leaves room
   * for the suffixes of what the operator names after it, and it reveals none of the three.
   */
  public static String forCaller(String user, String policyName, String clientName) {
    return MCP_SESSION_PREFIX
        + sha256Hex(lengthPrefixed(user) + lengthPrefixed(policyName) + lengthPrefixed(clientName))
            .substring(0, SESSION_HASH_CHARS);
  }

  private static String lengthPrefixed(String value) {
    String v = value == null ? "" : value;
    return v.length() + ":" + v;
  }

  /**
   * A label value standing for an arbitrary string (a user name such as {@code
   * system:serviceaccount:team:bot} or {@code alice@example.com}): characters a label value may not
   * hold become {@code -}, the ends are trimmed to alphanumerics, and when anything had to change
   * or be cut a short hash of the original is appended so that different users never share a value.
   * The label is for selecting and reading; the exact identity is in the spec.
   */
  public static String labelValue(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    if (isValidLabelValue(value)) {
      return value;
    }
    String replaced = value.replaceAll("[^A-Za-z0-9_.-]", "-");
    String hash = sha256Hex(value).substring(0, LABEL_HASH_CHARS);
    int room = MAX_LABEL_VALUE - hash.length() - 1;
    String head = replaced.length() > room ? replaced.substring(0, room) : replaced;
    head = head.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    return head.isEmpty() ? hash : head + "-" + hash;
  }

  /** Whether a string may be a label value as it is. */
  public static boolean isValidLabelValue(String value) {
    return value != null
        && value.length() <= MAX_LABEL_VALUE
        && LABEL_VALUE.matcher(value).matches();
  }

  /**
   * Whether a string may be used as an object name (DNS-1123 subdomain; policy names come from a
   * URL path).
   */
  public static boolean isValidObjectName(String name) {
    return name != null
        && !name.isEmpty()
        && name.length() <= MAX_OBJECT_NAME
        && DNS_1123_SUBDOMAIN.matcher(name).matches();
  }

  private static String sha256Hex(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
