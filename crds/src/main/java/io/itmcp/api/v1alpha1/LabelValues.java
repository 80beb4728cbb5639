package io.itmcp.api.v1alpha1;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Label values standing for arbitrary strings (user names, policy names of up to 253 characters),
 * computed the same way by the gateway and the operator so that both write the same
 * {@code itmcp.io/policy} value. Pure.
 */
public final class LabelValues {
  /** Kubernetes' bound on a label value. */
  public static final int MAX = 63;
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

  private LabelValues() {
  }

  /**
   * The value itself when it is a valid label value; otherwise characters a label value may not
   * hold become {@code -}, the ends are trimmed to alphanumerics, the head is cut to leave room,
   * and 8 hex characters of the SHA-256 of the original are appended so that different strings
   * never share a value. The label is for selecting and reading; the exact string is in the spec.
   */
  public static String of(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    if (value.length() <= MAX && LABEL_VALUE.matcher(value).matches()) {
      return value;
    }
    String replaced = value.replaceAll("[^A-Za-z0-9_.-]", "-");
    String hash = sha256Hex(value).substring(0, 8);
    int room = MAX - hash.length() - 1;
    String head = replaced.length() > room ? replaced.substring(0, room) : replaced;
    head = head.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    return head.isEmpty() ? hash : head + "-" + hash;
  }

  static String sha256Hex(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
