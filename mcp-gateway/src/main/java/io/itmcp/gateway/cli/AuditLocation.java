package io.itmcp.gateway.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a stdio gateway writes its audit log when {@code --audit-log} is not given. Over stdio the
 * client owns stdout and stderr carries log lines, so records mixed into stderr could not be
 * verified; a file in the user's state directory (XDG Base Directory) can.
 */
final class AuditLocation {
  private AuditLocation() {}

  static Path stdioDefault(Map<String, String> env, String userHome) {
    String state = env.get("XDG_STATE_HOME");
    Path base =
        state != null && !state.isBlank() && Path.of(state).isAbsolute()
            ? Path.of(state)
            : Path.of(userHome, ".local", "state");
    return base.resolve("itmcp").resolve("audit.jsonl");
  }
}
