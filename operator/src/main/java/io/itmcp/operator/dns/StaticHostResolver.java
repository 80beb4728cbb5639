package io.itmcp.operator.dns;

import io.itmcp.policy.IpLiterals;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers from a fixed table (the render command's {@code --resolve HOST=IP[,IP...]}); names not in
 * the table go to the fallback, which by default answers "unresolved" so that a review render is
 * deterministic and needs no network.
 */
public final class StaticHostResolver implements HostResolver {
  private final Map<String, List<InetAddress>> table;
  private final HostResolver fallback;

  public StaticHostResolver(Map<String, List<InetAddress>> table, HostResolver fallback) {
    this.table = Map.copyOf(table);
    this.fallback = fallback;
  }

  /** Falls back to "not resolved", naming the flag that would resolve it. */
  public static HostResolver unresolvedFallback() {
    return name ->
        Resolution.failed(
            "not covered by --resolve (add --resolve "
                + name
                + "=IP, or --dns to use the system resolver)");
  }

  /**
   * Parses {@code HOST=IP[,IP...]} flags; addresses must be IPv4 or IPv6 literals, never names.
   *
   * @throws IllegalArgumentException naming the malformed flag
   */
  public static Map<String, List<InetAddress>> parseFlags(List<String> flags) {
    Map<String, List<InetAddress>> table = new LinkedHashMap<>();
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      if (eq <= 0 || eq == flag.length() - 1) {
        throw new IllegalArgumentException("--resolve '" + flag + "': expected HOST=IP[,IP...]");
      }
      String host = canonicalName(flag.substring(0, eq));
      List<InetAddress> addresses = parseAddresses(flag.substring(eq + 1).split(","), flag);
      table.merge(
          host,
          addresses,
          (a, b) -> {
            List<InetAddress> all = new java.util.ArrayList<>(a);
            all.addAll(b);
            return all;
          });
    }
    return table;
  }

  private static List<InetAddress> parseAddresses(String[] parts, String flag) {
    return java.util.Arrays.stream(parts)
        .map(String::trim)
        .map(
            p ->
                IpLiterals.parseLiteral(p)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "--resolve '"
                                    + flag
                                    + "': '"
                                    + p
                                    + "' is not an IPv4 or IPv6 address")))
        .toList();
  }

  private static String canonicalName(String host) {
    String name = host.trim().toLowerCase(Locale.ROOT);
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  @Override
  public Resolution resolve(String name) {
    List<InetAddress> addresses = table.get(name);
    return addresses != null ? Resolution.of(addresses, Optional.empty()) : fallback.resolve(name);
  }
}
