package io.itmcp.gateway.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Replaces the values of secret-looking keys (at any depth) before arguments reach the audit, and
 * shortens very long strings so one oversized call cannot bloat the log.
 */
public final class SecretRedactor {

  public static final String REDACTED = "[REDACTED]";
  static final int MAX_STRING = 2048;
  private static final Set<String> SECRET_WORDS = Set.of(
      "password", "passwd", "pwd", "token", "secret", "passphrase", "credential", "apikey", "api_key",
      "privatekey", "private_key", "authorization");

  private SecretRedactor() {
  }

  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT).replace("-", "_");
    return SECRET_WORDS.stream().anyMatch(k::contains);
  }

  public static Map<String, Object> redact(Map<String, ?> arguments) {
    Map<String, Object> out = new LinkedHashMap<>();
    arguments.forEach((k, v) -> out.put(k, isSecretKey(k) ? REDACTED : redactValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object redactValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), v));
      return redact(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(redactValue(v)));
      return copy;
    }
    if (value instanceof String s && s.length() > MAX_STRING) {
      return s.substring(0, MAX_STRING) + "...[" + (s.length() - MAX_STRING) + " more characters]";
    }
    return value;
  }
}
