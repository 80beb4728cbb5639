package io.itmcp.gateway.tools.network;

import io.itmcp.gateway.tools.OrderedMaps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code traceroute -n} output into hops for structuredContent (pure).
 *
 * <p>The output comes from the sandbox and, through the probes' answers, from routers nobody here
 * controls, so nothing in it is trusted: a line that is not a hop line is skipped, only IPv4/IPv6
 * literals count as addresses (with {@code -n} traceroute prints no names), round-trip times are
 * bounded decimals, and at most {@value #MAX_HOPS} hops of at most {@value #MAX_PROBES} probes are
 * read. A hop line is {@code " 3 192.0.2.1 5.102 ms !H 10.0.0.1 5.3 ms *"}: a number, then per
 * probe either {@code *} (no answer) or an optional new address, a time in ms and optional flags
 * ({@code !H} host unreachable, {@code !N}, {@code !P}, {@code !X}, {@code !F-1500} ...).
 */
public final class TracerouteHops {

  static final int MAX_HOPS = 64;
  static final int MAX_PROBES = 10;

  private static final Pattern HEADER =
      Pattern.compile("^traceroute to \\S{1,255} \\(([0-9A-Fa-f.:]{2,45})\\)");
  private static final Pattern HOP = Pattern.compile("^\\s{0,2}([0-9]{1,3})\\s+(.*)$");
  private static final Pattern IPV4 = Pattern.compile("^[0-9]{1,3}(?:\\.[0-9]{1,3}){3}$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
  private static final Pattern RTT = Pattern.compile("^[0-9]{1,7}(?:\\.[0-9]{1,3})?$");
  private static final Pattern FLAG = Pattern.compile("^![A-Za-z0-9<>-]{0,12}$");

  private TracerouteHops() {}

  /**
   * The fields {@code destination}, {@code reached} and {@code hops}; fields that could not be read
   * are left out.
   */
  public static Map<String, Object> read(String stdout) {
    Map<String, Object> out = new LinkedHashMap<>();
    String destination = null;
    List<Map<String, Object>> hops = new ArrayList<>();
    for (String line : stdout.split("\n", -1)) {
      Matcher header = HEADER.matcher(line);
      if (destination == null && header.find() && isAddress(header.group(1))) {
        destination = header.group(1);
        continue;
      }
      Matcher hop = HOP.matcher(line);
      if (hops.size() < MAX_HOPS && hop.matches()) {
        hopOf(Integer.parseInt(hop.group(1)), hop.group(2)).ifPresent(hops::add);
      }
    }
    if (destination != null) {
      out.put("destination", destination);
    }
    out.put("hops", hops);
    if (destination != null) {
      String target = destination;
      out.put(
          "reached",
          hops.stream()
              .anyMatch(
                  h ->
                      target.equals(h.get("address"))
                          || ((List<?>) h.getOrDefault("addresses", List.of())).contains(target)));
    }
    return out;
  }

  private static Optional<Map<String, Object>> hopOf(int number, String rest) {
    List<String> addresses = new ArrayList<>();
    List<Double> rtts = new ArrayList<>();
    List<String> flags = new ArrayList<>();
    int lost = 0;
    int probes = 0;
    String[] words = rest.trim().split("\\s+");
    for (int i = 0; i < words.length && probes < MAX_PROBES; i++) {
      String word = words[i];
      if (word.isEmpty()) {
        continue;
      }
      if (word.equals("*")) {
        lost++;
        probes++;
      } else if (RTT.matcher(word).matches() && i + 1 < words.length && words[i + 1].equals("ms")) {
        rtts.add(Double.parseDouble(word));
        probes++;
        i++;
      } else if (FLAG.matcher(word).matches()) {
        if (!flags.contains(word)) {
          flags.add(word);
        }
      } else if (isAddress(word)) {
        if (!addresses.contains(word)) {
          addresses.add(word);
        }
      } else {
        return Optional.empty();
      }
    }
    if (probes == 0) {
      return Optional.empty();
    }
    Map<String, Object> hop = new LinkedHashMap<>();
    hop.put("hop", number);
    if (!addresses.isEmpty()) {
      hop.put("address", addresses.get(0));
    }
    if (addresses.size() > 1) {
      hop.put("addresses", List.copyOf(addresses));
    }
    hop.put("rttMs", List.copyOf(rtts));
    hop.put("lost", lost);
    if (!flags.isEmpty()) {
      hop.put("flags", List.copyOf(flags));
    }
    return Optional.of(hop);
  }

  private static boolean isAddress(String word) {
    if (word.indexOf(':') >= 0) {
      return IPV6.matcher(word).matches();
    }
    if (!IPV4.matcher(word).matches()) {
      return false;
    }
    for (String part : word.split("\\.")) {
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** The JSON Schema of the fields {@link #read} fills. */
  public static Map<String, Object> schema() {
    Map<String, Object> hop = new LinkedHashMap<>();
    hop.put("type", "object");
    hop.put(
        "properties",
        OrderedMaps.of(
            "hop", OrderedMaps.of("type", "integer", "description", "TTL of the probes, from 1"),
            "address",
                OrderedMaps.of(
                    "type",
                    "string",
                    "description",
                    "the first address that answered; absent when none did"),
            "addresses",
                OrderedMaps.of(
                    "type",
                    "array",
                    "items",
                    OrderedMaps.of("type", "string"),
                    "description",
                    "every address that answered, when probes of this hop got answers from more than one"),
            "rttMs",
                OrderedMaps.of(
                    "type",
                    "array",
                    "items",
                    OrderedMaps.of("type", "number"),
                    "description",
                    "round-trip times of the answered probes"),
            "lost",
                OrderedMaps.of(
                    "type", "integer", "description", "probes without an answer (printed as *)"),
            "flags",
                OrderedMaps.of(
                    "type",
                    "array",
                    "items",
                    OrderedMaps.of("type", "string"),
                    "description",
                    "traceroute's annotations: !H host, !N network, !P protocol unreachable, !X prohibited, ...")));
    hop.put("required", List.of("hop", "rttMs", "lost"));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(
        "destination",
        OrderedMaps.of("type", "string", "description", "the address traceroute probed"));
    fields.put(
        "reached",
        OrderedMaps.of(
            "type", "boolean", "description", "whether the destination answered within max_hops"));
    fields.put("hops", OrderedMaps.of("type", "array", "items", hop));
    return fields;
  }
}
