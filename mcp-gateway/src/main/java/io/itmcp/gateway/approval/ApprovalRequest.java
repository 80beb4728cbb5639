package io.itmcp.gateway.approval;

import io.itmcp.gateway.audit.AuditJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A call that passed every policy check and needs a person's approval before it runs.
 *
 * @param tool the MCP tool name, e.g. {@code tcpdump_tool}
 * @param argv the exact argv that will run
 * @param target what the call is about (host, interface, file), as the plan names it
 * @param arguments the arguments as sent
 * @param policy the policy's name
 * @param user who is calling
 * @param rule the approval rule that asks, e.g. {@code approval.tools}
 * @param timeout how long to wait for the answer
 */
public record ApprovalRequest(
    String tool,
    List<String> argv,
    String target,
    Map<String, Object> arguments,
    String policy,
    String user,
    String rule,
    Duration timeout) {

  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  public ApprovalRequest {
    argv = List.copyOf(argv);
    arguments = arguments == null ? Map.of() : arguments;
  }

  /**
   * A digest of everything that decides what runs (tool, argv, arguments, policy, user): an answer
   * carries it and counts only for the call with the same digest.
   */
  public String binding() {
    Map<String, Object> bound = new LinkedHashMap<>();
    bound.put("tool", tool);
    bound.put("argv", argv);
    bound.put("arguments", arguments);
    bound.put("policy", policy);
    bound.put("user", user);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(AuditJson.canonical(bound).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  /**
   * What the person reads: the policy and rule that ask, the tool, the target and the exact
   * command.
   */
  public String question() {
    return "Policy '"
        + policy
        + "' needs your approval before this call runs (rule "
        + rule
        + ").\n"
        + "Tool: "
        + tool
        + "\n"
        + (target == null || target.isBlank() ? "" : "Target: " + target + "\n")
        + "Command: "
        + commandLine()
        + "\n"
        + "Approve it? (the answer counts for this exact call only; waiting "
        + timeout.toSeconds()
        + "s)";
  }

  /** The argv as one line; a word that is not plain is quoted with its specials escaped. */
  public String commandLine() {
    StringBuilder line = new StringBuilder();
    for (String word : argv) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(PLAIN_WORD.matcher(word).matches() ? word : io.itmcp.policy.Refusal.quote(word));
    }
    return line.toString();
  }
}
