package io.itmcp.policy;

import java.util.List;

/**
 * The compiled {@code allowedHosts} list.
 *
 * <p>{@link #check} parses the target with {@link Host#parse} (a malformed target is refused with
 * rule {@code host.syntax}), then needs an entry that covers the host and fits the access ({@link
 * Access}: TCP needs an entry without a port or with that port; ICMP an entry without a port; a
 * lookup any entry covering the host). Otherwise it refuses with rule {@code allowedHosts}. Every
 * refusal lists the allowed hosts. An empty list allows nothing.
 */
public final class HostPolicy {

  static final String FIELD = "allowedHosts";

  private final List<HostRule> rules;

  private HostPolicy(List<HostRule> rules) {
    this.rules = rules;
  }

  /** Compiles entries; a malformed entry throws {@link IllegalArgumentException} naming it. */
  public static HostPolicy of(List<String> entries) {
    return of(FIELD, entries);
  }

  /** As {@link #of(List)}, naming entries after another field (e.g. an environment variable). */
  public static HostPolicy of(String field, List<String> entries) {
    return new HostPolicy(Entries.compile(field, entries, HostRule::parse));
  }

  /**
   * Parses the target canonically and checks it; returns the canonical host or throws {@link
   * PolicyRefusedException}.
   */
  public Host check(String target, Access access) {
    Host host;
    try {
      host = Host.parse(target);
    } catch (PolicyRefusedException e) {
      throw new PolicyRefusedException(e.refusal().withAllowed(allowedPhrase()));
    }
    if (access instanceof Access.Tcp tcp) {
      if (tcp.port() < 1 || tcp.port() > 65535) {
        throw new PolicyRefusedException(
            Refusal.of(
                "port",
                Integer.toString(tcp.port()),
                "it is outside 1..65535",
                Port.RULE,
                Port.FORMS));
      }
    }
    boolean covered = false;
    for (HostRule rule : rules) {
      if (rule.allows(host, access)) {
        return host;
      }
      covered |= rule.coversHost(host);
    }
    String reason = null;
    if (covered && access instanceof Access.Tcp tcp) {
      reason = "no entry covering it allows port " + tcp.port();
    } else if (covered && access instanceof Access.Icmp) {
      reason =
          "ping and traceroute need an entry without a port (a port allows TCP to that port only)";
    }
    throw new PolicyRefusedException(Refusal.of("host", target, reason, FIELD, allowedPhrase()));
  }

  public List<HostRule> rules() {
    return rules;
  }

  /**
   * A short human description for tool descriptions and refusals, e.g. "db.example.com,
   * *.corp.example.com, 10.0.0.0/24:443".
   */
  public String describe() {
    return Entries.describe(rules.stream().map(HostRule::canonical).toList(), "(none)");
  }

  private String allowedPhrase() {
    return rules.isEmpty()
        ? "nothing: no host is allowed (allowedHosts is empty)"
        : "the hosts " + describe();
  }
}
