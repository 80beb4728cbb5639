package io.itmcp.gateway.tools;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Map.of} with the keys in the order written. What tools publish (output schemas,
 * structuredContent) is serialised in map order, and {@code Map.of}'s order changes from one JVM to
 * the next: a client caching tools/list, or a reviewer diffing it, would see changes that are none.
 */
public final class OrderedMaps {

  private OrderedMaps() {}

  /**
   * An unmodifiable map of alternating keys and values, in that order; keys are strings, none
   * repeated.
   */
  @SuppressWarnings("unchecked")
  public static <V> Map<String, V> of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "keys and values must alternate: " + keysAndValues.length + " items");
    }
    Map<String, V> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = (String) keysAndValues[i];
      V value = (V) java.util.Objects.requireNonNull(keysAndValues[i + 1], key);
      if (map.put(key, value) != null) {
        throw new IllegalArgumentException("key repeated: " + key);
      }
    }
    return Collections.unmodifiableMap(map);
  }
}
