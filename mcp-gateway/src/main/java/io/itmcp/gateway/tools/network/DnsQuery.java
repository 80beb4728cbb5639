package io.itmcp.gateway.tools.network;

import io.itmcp.gateway.tools.args.Param;
import io.itmcp.policy.Access;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.Host;
import java.util.List;
import java.util.Optional;

/**
 * What dig_tool and nslookup_tool share: the record types, the name looked up (an allowed host,
 * checked as a lookup: only the DNS server is contacted) and the optional server (a dnsServers
 * entry). The server port is not an argument: it is 53, or what the gateway was built with (tests
 * run a DNS server on a loopback port of their own), so no caller can aim queries at another port.
 */
record DnsQuery(Host name, Optional<String> type, Optional<String> server) {

  static final List<String> RECORD_TYPES =
      List.of("A", "AAAA", "MX", "NS", "TXT", "SOA", "CNAME", "SRV", "PTR");
  static final int STANDARD_PORT = 53;
  static final Param.Choice TYPE = Param.optionalChoice("type", "Record type", RECORD_TYPES);
  static final Param.Text SERVER =
      Param.optionalText(
          "server", "IP address of the DNS server to ask; must be an allowed DNS server");

  static DnsQuery check(
      EffectivePolicy policy, String target, Optional<String> type, Optional<String> server) {
    Host name = policy.hosts().check(target, Access.lookup());
    Optional<String> checkedServer = server.map(s -> policy.dnsServers().check(s));
    return new DnsQuery(name, type, checkedServer);
  }

  boolean isReverseLookupOfAddress() {
    return name instanceof Host.Address && type.map("PTR"::equals).orElse(false);
  }

  String auditTarget() {
    return name.canonical() + server.map(s -> " @" + s).orElse("");
  }

  static String serverDescription(EffectivePolicy policy) {
    String servers = policy.dnsServers().describe();
    return servers.isBlank()
        ? "No explicit server is allowed: the sandbox's resolver answers."
        : "Servers you may name: " + servers + ".";
  }
}
