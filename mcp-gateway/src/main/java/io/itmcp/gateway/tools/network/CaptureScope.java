package io.itmcp.gateway.tools.network;

import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.HostRule;
import io.itmcp.policy.IpNetwork;
import io.itmcp.policy.PolicyRefusedException;
import io.itmcp.policy.Refusal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a capture may ever see: the policy's allowed addresses as a BPF filter, ANDed with the
 * user's filter, so that traffic between hosts in no allow-list is never captured whatever the user
 * writes ({@code not host X} included). Addresses and CIDRs are taken as given ({@code host A},
 * {@code net C/N}); names are resolved by the gateway at call time through {@link Resolver} ({@code
 * host} for each address). A wildcard entry names no address and adds nothing; a name that does not
 * resolve adds nothing. Ports in entries are not part of the scope (the scope is about whose
 * traffic is seen). When nothing is left the capture is refused.
 */
public final class CaptureScope {

  /** Resolves an allowed name to its addresses at call time. */
  @FunctionalInterface
  public interface Resolver {
    Resolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String name) throws UnknownHostException;
  }

  private CaptureScope() {}

  /**
   * The scope's tokens, {@code host A or net C/N or ...}; throws when the policy names no
   * capturable address.
   */
  static List<String> tokens(EffectivePolicy policy, Resolver resolver) {
    Set<String> terms = new LinkedHashSet<>();
    for (HostRule rule : policy.hosts().rules()) {
      switch (rule.kind()) {
        case ADDRESS -> terms.add("host " + rule.network().address());
        case CIDR -> terms.add("net " + rule.network().toCidr());
        case NAME -> {
          try {
            for (InetAddress address : resolver.resolve(rule.name())) {
              terms.add(
                  "host "
                      + new IpNetwork(address, address instanceof Inet6Address ? 128 : 32)
                          .address());
            }
          } catch (UnknownHostException e) {
            // An allowed name without an address has no traffic to capture.
          }
        }
        case WILDCARD -> {
          // No address to name: traffic of wildcard hosts is outside every capture.
        }
      }
    }
    if (terms.isEmpty()) {
      throw new PolicyRefusedException(
          new Refusal(
              "a capture",
              "allowedHosts.capture",
              "captures of allowed addresses and CIDRs, or of allowed names that resolve; this policy has none: "
                  + policy.hosts().describe()));
    }
    List<String> tokens = new ArrayList<>();
    for (String term : terms) {
      if (!tokens.isEmpty()) {
        tokens.add("or");
      }
      tokens.addAll(List.of(term.split(" ")));
    }
    return tokens;
  }

  /** {@code ( USER ) and ( SCOPE )}, or {@code ( SCOPE )} without a user filter. */
  static List<String> conjunction(List<String> userTokens, List<String> scopeTokens) {
    List<String> out = new ArrayList<>();
    if (!userTokens.isEmpty()) {
      out.add("(");
      out.addAll(userTokens);
      out.addAll(List.of(")", "and"));
    }
    out.add("(");
    out.addAll(scopeTokens);
    out.add(")");
    return out;
  }
}
