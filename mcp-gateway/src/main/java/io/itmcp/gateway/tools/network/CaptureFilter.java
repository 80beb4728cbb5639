package io.itmcp.gateway.tools.network;

import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.gateway.tools.args.SafeText;
import io.itmcp.policy.Access;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.HostRule;
import io.itmcp.policy.IpNetwork;
import io.itmcp.policy.PolicyRefusedException;
import io.itmcp.policy.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * tcpdump_tool's filter. A BPF filter is a language of its own (byte offsets, arithmetic, named
 * services, protocol names that load more names), so instead of passing it through, it is cut into
 * tokens and only a small vocabulary is allowed:
 *
 * <ul>
 *   <li>the words {@code host net port src dst tcp udp icmp icmp6 ip ip6 arp and or not};
 *   <li>{@code (} and {@code )} (as separate tokens or glued to words, e.g. {@code (tcp});
 *   <li>after {@code port}: a number 0..65535;
 *   <li>after {@code net}: an address or CIDR that lies inside an allowedHosts address/CIDR entry;
 *   <li>any other operand is a host and must be an allowed host (checked as a lookup: capturing
 *       contacts nobody).
 * </ul>
 *
 * Anything else (numbers elsewhere, brackets, {@code &&}, expressions, names of services) is
 * refused. The result is a list of tokens passed after {@code --}; tcpdump joins them itself.
 */
final class CaptureFilter {

  static final Set<String> KEYWORDS =
      Set.of(
          "host", "net", "port", "src", "dst", "tcp", "udp", "icmp", "icmp6", "ip", "ip6", "arp",
          "and", "or", "not");
  private static final Set<String> OPERAND_TAKERS = Set.of("host", "net", "port");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
  private static final int MAX_TOKENS = 64;

  private CaptureFilter() {}

  static List<String> check(String filter, EffectivePolicy policy) {
    List<String> tokens = tokenize(filter);
    if (tokens.size() > MAX_TOKENS) {
      throw new ToolArgumentException(
          "'filter' has " + tokens.size() + " tokens; at most " + MAX_TOKENS + " are allowed");
    }
    int depth = 0;
    String previous = "";
    for (String token : tokens) {
      if (token.equals("(")) {
        depth++;
      } else if (token.equals(")")) {
        if (--depth < 0) {
          throw refused(filter, "an unbalanced ')'");
        }
      } else if (KEYWORDS.contains(token)) {
        if (OPERAND_TAKERS.contains(previous)) {
          throw refused(filter, "'" + previous + "' followed by the keyword '" + token + "'");
        }
      } else {
        checkOperand(filter, previous, token, policy);
      }
      previous = token;
    }
    if (depth != 0) {
      throw refused(filter, "unbalanced parentheses");
    }
    if (OPERAND_TAKERS.contains(previous)) {
      throw refused(filter, "'" + previous + "' without a value");
    }
    return tokens;
  }

  private static void checkOperand(
      String filter, String previous, String token, EffectivePolicy policy) {
    if (token.startsWith("-")) {
      throw refused(
          filter, "the token " + SafeText.quote(token) + " (it would be read as an option)");
    }
    switch (previous) {
      case "port" -> {
        if (!PORT.matcher(token).matches() || Integer.parseInt(token) > 65535) {
          throw refused(filter, "'port " + token + "' (a port is a number 0..65535)");
        }
      }
      case "net" -> checkNetwork(token, policy);
      default -> {
        if (PORT.matcher(token).matches()) {
          throw refused(filter, "the number " + token + " outside 'port N'");
        }
        policy.hosts().check(token, Access.lookup());
      }
    }
  }

  private static void checkNetwork(String token, EffectivePolicy policy) {
    IpNetwork wanted;
    try {
      wanted = IpNetwork.parse(token);
    } catch (RuntimeException e) {
      throw new ToolArgumentException(
          "'filter': 'net " + SafeText.quote(token) + "' is not an address or CIDR");
    }
    for (HostRule rule : policy.hosts().rules()) {
      IpNetwork allowed = rule.network();
      if (allowed != null
          && allowed.isIpv6() == wanted.isIpv6()
          && allowed.prefixLength() <= wanted.prefixLength()
          && allowed.contains(wanted.base())) {
        return;
      }
    }
    throw new PolicyRefusedException(
        new Refusal(
            "net " + token,
            "allowedHosts",
            "networks inside the allowed addresses and CIDRs: " + policy.hosts().describe()));
  }

  /** Splits on whitespace and around parentheses. */
  static List<String> tokenize(String filter) {
    List<String> tokens = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < filter.length(); i++) {
      char c = filter.charAt(i);
      if (c == ' ' || c == '(' || c == ')') {
        if (word.length() > 0) {
          tokens.add(word.toString());
          word.setLength(0);
        }
        if (c != ' ') {
          tokens.add(String.valueOf(c));
        }
      } else {
        word.append(c);
      }
    }
    if (word.length() > 0) {
      tokens.add(word.toString());
    }
    if (tokens.isEmpty()) {
      throw new ToolArgumentException("'filter' is blank; leave it out to capture everything");
    }
    return tokens;
  }

  private static ToolArgumentException refused(String filter, String what) {
    return new ToolArgumentException(
        "'filter' "
            + SafeText.quote(filter)
            + " has "
            + what
            + "; a filter may use: host H, net CIDR, port N, src, dst, tcp, udp, icmp, icmp6, ip, ip6, arp, and, or, not, ( )");
  }
}
