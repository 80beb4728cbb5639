package io.itmcp.gateway.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes arguments and argv fit for the audit: the value of every secret-named key is replaced
 * (names normalised by {@link SecretKeyNames}, at any depth), secrets inside any string value are
 * replaced by their shape ({@link SecretPatterns}), and every field is bounded ({@link
 * AuditFieldCaps}) so one oversized call cannot bloat the log.
 */
public final class SecretRedactor {

  public static final String REDACTED = "[REDACTED]";

  private SecretRedactor() {}

  public static boolean isSecretKey(String key) {
    return SecretKeyNames.isSecret(key);
  }

  /** Arguments with secrets replaced and sizes capped. */
  public static Map<String, Object> redact(Map<String, ?> arguments) {
    return redactMap(arguments, 0);
  }

  /**
   * An argv with secrets replaced and sizes capped: each word by its shape, and the word after a
   * secret-named option ({@code --password hunter2}, {@code -pass x}) whole.
   */
  public static List<String> redactArgv(List<String> argv) {
    int kept = Math.min(argv.size(), AuditFieldCaps.MAX_ITEMS);
    List<String> out = new ArrayList<>(kept + 1);
    boolean secretFollows = false;
    for (String word : argv.subList(0, kept)) {
      out.add(secretFollows ? REDACTED : AuditFieldCaps.redactedText(word, SecretPatterns::redact));
      secretFollows = word.startsWith("-") && !word.contains("=") && SecretKeyNames.isSecret(word);
    }
    if (argv.size() > kept) {
      out.add(AuditFieldCaps.moreItems(argv.size() - kept));
    }
    return out;
  }

  /**
   * A reason or other message for the audit (refusals quote the refused value): secrets replaced,
   * capped.
   */
  public static String redactMessage(String message) {
    return AuditFieldCaps.redactedText(message, SecretPatterns::redact);
  }

  /** Free text (a reason, a tool's output) with secret-shaped parts replaced; not capped. */
  public static String redactText(String text) {
    return SecretPatterns.redact(text);
  }

  private static Map<String, Object> redactMap(Map<String, ?> map, int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    int n = 0;
    for (Map.Entry<String, ?> e : map.entrySet()) {
      if (n++ == AuditFieldCaps.MAX_ITEMS) {
        out.put(AuditFieldCaps.MORE_KEYS, map.size() - AuditFieldCaps.MAX_ITEMS);
        break;
      }
      String key = AuditFieldCaps.redactedText(String.valueOf(e.getKey()), SecretPatterns::redact);
      out.put(
          key,
          SecretKeyNames.isSecret(String.valueOf(e.getKey()))
              ? REDACTED
              : redactValue(e.getValue(), depth + 1));
    }
    return out;
  }

  private static Object redactValue(Object value, int depth) {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      if (depth > AuditFieldCaps.MAX_DEPTH) {
        return AuditFieldCaps.TOO_DEEP;
      }
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), v));
      return redactMap(copy, depth);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(Math.min(list.size(), AuditFieldCaps.MAX_ITEMS + 1));
      for (Object item : list.subList(0, Math.min(list.size(), AuditFieldCaps.MAX_ITEMS))) {
        copy.add(redactValue(item, depth + 1));
      }
      if (list.size() > AuditFieldCaps.MAX_ITEMS) {
        copy.add(AuditFieldCaps.moreItems(list.size() - AuditFieldCaps.MAX_ITEMS));
      }
      return copy;
    }
    if (value instanceof String s) {
      return AuditFieldCaps.redactedText(s, SecretPatterns::redact);
    }
    return value;
  }
}
