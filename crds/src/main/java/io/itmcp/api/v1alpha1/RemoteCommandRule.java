package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * An ssh command that may take further words: its fixed words, the options that may follow them,
 * and what the remaining words may be. Example: {@code {command: tail, options: ["-n [0-9]{1,4}"],
 * arguments: paths}} allows {@code tail -n 50 /var/log/syslog}, never {@code tail -f ...} or {@code
 * tail .ssh/id_ed25519}.
 */
@ValidationRule(
    value = "has(self.match) == (has(self.arguments) && self.arguments == 'match')",
    message = "set match (the patterns) exactly when arguments is 'match'",
    reason = "FieldValueInvalid")
public class RemoteCommandRule {

  /** The fixed words, written like an allowedRemoteCommands entry. */
  @Required
  @Size(min = 1, max = 1024)
  @Pattern(SchemaPatterns.REMOTE_COMMAND)
  private String command;

  /**
   * What the words after the command and its options may be: none (default), paths, match or any.
   */
  @Size(max = 8)
  private RemoteArguments arguments;

  /** With arguments 'match': RE2 patterns; each further word must fully match one of them. */
  @Size(min = 1, max = 32)
  private List<@Size(min = 1, max = 256) @Pattern(SchemaPatterns.ASCII_PATTERN) String> match;

  /**
   * Options that may follow the command, each an exact word ({@code -v}, {@code --brief}), or a
   * word, one space and an RE2 pattern its value (the next word) must fully match ({@code -n
   * [0-9]{1,4}}). Every other word starting with '-' or '+' is refused.
   */
  @Size(max = 32)
  private List<@Size(min = 2, max = 256) @Pattern(SchemaPatterns.REMOTE_OPTION) String> options;

  public String getCommand() {
    return command;
  }

  public void setCommand(String command) {
    this.command = command;
  }

  public RemoteArguments getArguments() {
    return arguments;
  }

  public void setArguments(RemoteArguments arguments) {
    this.arguments = arguments;
  }

  public List<String> getMatch() {
    return match;
  }

  public void setMatch(List<String> match) {
    this.match = match;
  }

  public List<String> getOptions() {
    return options;
  }

  public void setOptions(List<String> options) {
    this.options = options;
  }
}
