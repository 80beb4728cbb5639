package io.itmcp.policy;

import io.itmcp.api.v1alpha1.RemoteArguments;
import io.itmcp.api.v1alpha1.RemoteCommandRule;
import java.util.List;

/** Builds {@code remoteCommandRules} entries for tests. */
final class CommandRules {

  private CommandRules() {}

  static RemoteCommandRule rule(
      String command, RemoteArguments arguments, List<String> options, List<String> match) {
    RemoteCommandRule rule = new RemoteCommandRule();
    rule.setCommand(command);
    rule.setArguments(arguments);
    rule.setOptions(options);
    rule.setMatch(match);
    return rule;
  }

  static RemoteCommandRule rule(String command, RemoteArguments arguments, String... options) {
    return rule(command, arguments, options.length == 0 ? null : List.of(options), null);
  }

  static RemoteCommandRule matching(String command, String... patterns) {
    return rule(command, RemoteArguments.MATCH, null, List.of(patterns));
  }
}
