package io.itmcp.policy;

import java.util.List;
import java.util.function.Function;

/** Compiles allow-list entries one by one, naming the field and entry when one is malformed. */
final class Entries {

  /** describe() lists at most this many entries, then "and N more". */
  static final int MAX_DESCRIBED = 30;

  private Entries() {}

  static <T> List<T> compile(String field, List<String> entries, Function<String, T> parser) {
    if (entries == null) {
      return List.of();
    }
    java.util.ArrayList<T> out = new java.util.ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      try {
        if (entry == null) {
          throw new IllegalArgumentException("the entry is null");
        }
        out.add(parser.apply(entry));
      } catch (IllegalArgumentException | PolicyRefusedException e) {
        String reason =
            e instanceof PolicyRefusedException p ? p.refusal().message() : e.getMessage();
        throw new IllegalArgumentException(
            field + "[" + i + "] " + Refusal.quote(entry) + ": " + reason, e);
      }
    }
    return List.copyOf(out);
  }

  static String describe(List<String> items, String emptyText) {
    if (items.isEmpty()) {
      return emptyText;
    }
    if (items.size() <= MAX_DESCRIBED) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, MAX_DESCRIBED))
        + " and "
        + (items.size() - MAX_DESCRIBED)
        + " more";
  }
}
