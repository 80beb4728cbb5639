package io.itmcp.gateway.observe;

import java.util.Set;

/**
 * The {@code rule} label of a tool call: the policy rule that refused it (the policy engine's fixed
 * set) or the gateway's own reason. Anything else is {@code other}: a label never carries text from
 * a request.
 */
public final class RefusalRule {

  /** An allowed call. */
  public static final String NONE = "none";

  public static final String IDENTITY = "identity";
  public static final String SESSION = "session";
  public static final String RATE_LIMIT = "rateLimit";
  public static final String ARGUMENTS = "arguments";
  public static final String SANDBOX_START = "sandboxStart";
  public static final String EXEC = "exec";
  public static final String CANCELLED = "cancelled";

  /** A call the policy marks for a person's approval that did not get it (spec.approval). */
  public static final String APPROVAL = "approval";

  public static final String INTERNAL = "internal";
  public static final String UNKNOWN_TOOL = "unknownTool";
  public static final String OTHER = "other";

  private static final Set<String> POLICY_RULES =
      Set.of(
          "allowedHosts",
          "host.syntax",
          "port.syntax",
          "dnsServers",
          "allowedDirectories",
          "path.syntax",
          "allowedRemoteCommands",
          "remoteCommand.syntax",
          "tools");
  private static final Set<String> GATEWAY_RULES =
      Set.of(
          NONE,
          IDENTITY,
          SESSION,
          RATE_LIMIT,
          ARGUMENTS,
          SANDBOX_START,
          EXEC,
          CANCELLED,
          INTERNAL,
          UNKNOWN_TOOL,
          APPROVAL);

  private RefusalRule() {}

  /** The label for a rule name: itself when it is one of the fixed set, otherwise {@code other}. */
  public static String label(String rule) {
    if (rule == null) {
      return OTHER;
    }
    if (POLICY_RULES.contains(rule) || GATEWAY_RULES.contains(rule)) {
      return rule;
    }
    return OTHER;
  }

  /** Every value the label can take. */
  public static Set<String> values() {
    Set<String> all = new java.util.TreeSet<>(POLICY_RULES);
    all.addAll(GATEWAY_RULES);
    all.add(OTHER);
    return all;
  }
}
