package io.itmcp.operator.cli;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.HostRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code render} notes for traceroute, http_check and tls_check: which allowedHosts entries
 * each can use and what reaches the pod because of it, so a reviewer sees that enabling them opens
 * no egress beyond the "granted" lines (pure; no I/O).
 *
 * <p>traceroute sends UDP probes (ports 33434 and up) or ICMP echo with growing TTLs, so like ping
 * it needs an entry without a port (a NetworkPolicy port opens TCP to that port only). Routers on
 * the path answer with ICMP time-exceeded from addresses in no allow-list; the pod receives those
 * only as traffic related to its own probes (connection tracking), no ingress rule is added. The
 * two checks make a TCP connection, to any port of a port-less entry or to the entry's own port.
 */
final class ProbeToolNotes {

  private ProbeToolNotes() {}

  static String of(EffectivePolicy policy) {
    List<HostRule> rules = policy.hosts().rules();
    StringBuilder out = new StringBuilder();
    if (policy.tools().contains(ToolName.TRACEROUTE)) {
      List<String> portless =
          rules.stream().filter(r -> r.port().isEmpty()).map(HostRule::canonical).toList();
      List<String> withPort =
          rules.stream().filter(r -> r.port().isPresent()).map(HostRule::canonical).toList();
      out.append(
              "# traceroute: UDP probes (ports 33434 and up) or ICMP echo to entries without a port: ")
          .append(
              portless.isEmpty()
                  ? "none, so every traceroute is refused"
                  : String.join(", ", portless))
          .append(
              "; routers on the path answer with ICMP time-exceeded, received only as related to the probes"
                  + " (no ingress rule is added)");
      if (!withPort.isEmpty()) {
        out.append("; entries with a port allow no traceroute: ")
            .append(String.join(", ", withPort));
      }
      out.append('\n');
    }
    for (ToolName tool : List.of(ToolName.HTTP_CHECK, ToolName.TLS_CHECK)) {
      if (policy.tools().contains(tool)) {
        out.append("# ")
            .append(tool.wireName())
            .append(": TCP to ")
            .append(tcpTargets(rules))
            .append(
                tool == ToolName.HTTP_CHECK
                    ? "; a redirect is followed only to these"
                    : "; the SNI name must be covered by an entry")
            .append('\n');
      }
    }
    return out.toString();
  }

  private static String tcpTargets(List<HostRule> rules) {
    if (rules.isEmpty()) {
      return "nothing (allowedHosts is empty), so every call is refused";
    }
    List<String> targets = new ArrayList<>();
    for (HostRule rule : rules) {
      String host = rule.port().isEmpty() ? rule.canonical() : hostPart(rule);
      targets.add(
          rule.port().isEmpty() ? host + " (any port)" : host + " port " + rule.port().getAsInt());
    }
    return String.join(", ", targets);
  }

  private static String hostPart(HostRule rule) {
    String canonical = rule.canonical();
    return canonical.substring(0, canonical.lastIndexOf(':'));
  }
}
