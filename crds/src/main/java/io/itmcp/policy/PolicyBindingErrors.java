package io.itmcp.policy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Says why a policy document does not fit the ItmcpPolicy schema in the policy's own terms (the
 * field path and what the field takes), not in Jackson's ("Unrecognized field ... (class
 * io.itmcp.api...)", "Cannot construct instance of java.util.ArrayList"). A field name one or two
 * edits away from a known one gets a "did you mean".
 */
final class PolicyBindingErrors {
  private static final int MAX_SUGGESTION_DISTANCE = 2;

  private PolicyBindingErrors() {}

  static String describe(JsonMappingException e) {
    String path = fieldPath(e);
    if (e instanceof UnrecognizedPropertyException u) {
      List<String> known =
          u.getKnownPropertyIds() == null
              ? List.of()
              : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
      String parent = parentPath(e);
      String prefix = parent.isEmpty() ? "" : parent + ".";
      String suggestion =
          suggest(u.getPropertyName(), known)
              .map(s -> "; did you mean '" + prefix + s + "'?")
              .orElse("");
      return path
          + ": unknown field"
          + suggestion
          + (known.isEmpty()
              ? ""
              : " (fields of "
                  + (parent.isEmpty() ? "the document" : parent)
                  + ": "
                  + String.join(", ", known)
                  + ")");
    }
    if (e instanceof ValueInstantiationException
        && e.getCause() != null
        && e.getCause().getMessage() != null) {
      return path + ": " + e.getCause().getMessage();
    }
    if (e instanceof InvalidFormatException f) {
      return path
          + ": "
          + Refusal.quote(String.valueOf(f.getValue()))
          + " is not "
          + expected(f.getTargetType());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return path + ": expected " + expected(m.getTargetType());
    }
    return path + ": " + withoutJavaNames(e.getOriginalMessage());
  }

  /** What a field of this Java type takes, as a policy author would write it in YAML. */
  static String expected(Class<?> type) {
    if (Collection.class.isAssignableFrom(type)) {
      return "a list (write [a, b] or one '- item' per line)";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping (key: value lines)";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a text value";
    }
    if (type.isEnum()) {
      return "one of "
          + List.of(type.getEnumConstants()).stream()
              .map(c -> c.toString().toLowerCase(Locale.ROOT))
              .toList();
    }
    return "a mapping of the fields of " + type.getSimpleName();
  }

  static Optional<String> suggest(String given, Collection<String> known) {
    if (given == null) {
      return Optional.empty();
    }
    String lower = given.toLowerCase(Locale.ROOT);
    return known.stream()
        .filter(k -> distance(lower, k.toLowerCase(Locale.ROOT)) <= MAX_SUGGESTION_DISTANCE)
        .min(
            Comparator.comparingInt((String k) -> distance(lower, k.toLowerCase(Locale.ROOT)))
                .thenComparing(k -> k));
  }

  /** Levenshtein distance; field names are short, so the quadratic table is fine. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitution, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }

  static String fieldPath(JsonMappingException e) {
    return path(e.getPath(), e.getPath().size());
  }

  private static String parentPath(JsonMappingException e) {
    return path(e.getPath(), Math.max(0, e.getPath().size() - 1));
  }

  private static String path(List<JsonMappingException.Reference> refs, int length) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : refs.subList(0, length)) {
      if (ref.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return length == refs.size() && out.length() == 0 ? "(document)" : out.toString();
  }

  private static String withoutJavaNames(String message) {
    return Objects.toString(message, "invalid value")
        .replaceAll("\\s*\\((class|through reference chain:) [^)]*\\)", "")
        .replaceAll("java\\.(lang|util)\\.", "")
        .replaceAll("io\\.itmcp\\.[\\w.]+\\.", "");
  }
}
