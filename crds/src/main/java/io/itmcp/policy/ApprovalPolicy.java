package io.itmcp.policy;

import io.itmcp.api.v1alpha1.ApprovalSpec;
import io.itmcp.api.v1alpha1.ToolName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which calls need a person's approval before they run ({@code spec.approval}), and how long the
 * gateway waits for the answer. The gateway asks only after every other check passed; this class
 * only says whether to ask and which rule made it ask.
 *
 * @param tools every call of these tools needs approval
 * @param remoteCommands ssh commands (as words) whose calls need approval: a remote command that
 *     begins with all the words of an entry
 * @param timeout how long to wait for the answer
 */
public record ApprovalPolicy(
    Set<ToolName> tools, List<List<String>> remoteCommands, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /** The longest wait a policy may ask for (the CRD's maximum of timeoutSeconds). */
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(600);

  public static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);
  static final String TOOLS_FIELD = "approval.tools";
  static final String COMMANDS_FIELD = "approval.remoteCommands";

  public ApprovalPolicy {
    EnumSet<ToolName> copy = EnumSet.noneOf(ToolName.class);
    if (tools != null) {
      copy.addAll(tools);
    }
    tools = Collections.unmodifiableSet(copy);
    remoteCommands =
        remoteCommands == null ? List.of() : remoteCommands.stream().map(List::copyOf).toList();
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /** No call needs approval. */
  public static ApprovalPolicy none() {
    return new ApprovalPolicy(Set.of(), List.of(), DEFAULT_TIMEOUT);
  }

  /**
   * Compiles {@code spec.approval}; malformed entries throw {@link IllegalArgumentException} naming
   * field and entry.
   */
  public static ApprovalPolicy of(ApprovalSpec spec) {
    if (spec == null) {
      return none();
    }
    EnumSet<ToolName> tools = EnumSet.noneOf(ToolName.class);
    List<ToolName> listed = spec.getTools() == null ? List.of() : spec.getTools();
    for (int i = 0; i < listed.size(); i++) {
      if (listed.get(i) == null) {
        throw new IllegalArgumentException(TOOLS_FIELD + "[" + i + "] is null");
      }
      if (!tools.add(listed.get(i))) {
        throw new IllegalArgumentException(
            TOOLS_FIELD + "[" + i + "] '" + listed.get(i).wireName() + "' is listed twice");
      }
    }
    List<List<String>> commands = new ArrayList<>();
    List<String> entries = spec.getRemoteCommands() == null ? List.of() : spec.getRemoteCommands();
    for (int i = 0; i < entries.size(); i++) {
      String field = COMMANDS_FIELD + "[" + i + "]";
      String entry = entries.get(i);
      if (entry == null || entry.isBlank()) {
        throw new IllegalArgumentException(field + ": the entry has no command");
      }
      try {
        commands.add(RemoteCommandWords.tokenize(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            field + " " + Refusal.quote(entry) + ": " + e.getMessage(), e);
      }
    }
    Duration timeout = DEFAULT_TIMEOUT;
    if (spec.getTimeoutSeconds() != null) {
      timeout = Duration.ofSeconds(spec.getTimeoutSeconds());
      if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "approval.timeoutSeconds "
                + spec.getTimeoutSeconds()
                + ": must be "
                + MIN_TIMEOUT.toSeconds()
                + " to "
                + MAX_TIMEOUT.toSeconds());
      }
    }
    return new ApprovalPolicy(tools, commands, timeout);
  }

  /**
   * The rule that makes this call need approval ({@code approval.tools} or {@code
   * approval.remoteCommands[i]}), or empty when it needs none.
   *
   * @param remoteCommand the ssh call's remote command, already allowed by the policy; null for
   *     other tools
   */
  public Optional<String> requiredBy(ToolName tool, String remoteCommand) {
    if (tools.contains(tool)) {
      return Optional.of(TOOLS_FIELD);
    }
    if (tool != ToolName.SSH || remoteCommand == null || remoteCommands.isEmpty()) {
      return Optional.empty();
    }
    List<String> words;
    try {
      words = RemoteCommandWords.tokenize(remoteCommand);
    } catch (IllegalArgumentException e) {
      // the policy check refuses such a command before this is asked; ask anyway if it ever is not
      return Optional.of(COMMANDS_FIELD);
    }
    for (int i = 0; i < remoteCommands.size(); i++) {
      List<String> entry = remoteCommands.get(i);
      if (words.size() >= entry.size() && words.subList(0, entry.size()).equals(entry)) {
        return Optional.of(COMMANDS_FIELD + "[" + i + "]");
      }
    }
    return Optional.empty();
  }

  /** Whether any call at all needs approval. */
  public boolean asksForAnything() {
    return !tools.isEmpty() || !remoteCommands.isEmpty();
  }
}
