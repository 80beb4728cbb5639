package io.itmcp.operator.render;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the named allowedHosts entries resolved to, as canonical address text, and why the others
 * did not resolve. A name in neither map has not been resolved yet, which also grants nothing.
 */
public record ResolvedNames(Map<String, List<String>> addresses, Map<String, String> failures) {

  public ResolvedNames {
    addresses = Map.copyOf(addresses);
    failures = Map.copyOf(failures);
  }

  public static ResolvedNames none() {
    return new ResolvedNames(Map.of(), Map.of());
  }

  /** The addresses of a name, empty when it did not resolve. */
  public List<String> addressesOf(String name) {
    return addresses.getOrDefault(name, List.of());
  }

  /** Why the name grants nothing. */
  public String failureOf(String name) {
    return Optional.ofNullable(failures.get(name)).orElse("not resolved yet");
  }
}
