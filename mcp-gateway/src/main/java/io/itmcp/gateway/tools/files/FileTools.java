package io.itmcp.gateway.tools.files;

import io.itmcp.gateway.tools.args.Param;
import io.itmcp.policy.EffectivePolicy;

/** What the four file tools share: the file_path argument and how the policy is described. */
final class FileTools {

  static final Param.Text FILE_PATH = Param.requiredText("file_path", "Absolute path of a file inside an allowed directory");

  private FileTools() {
  }

  /** The lexical policy check; the runtime resolves symlinks inside the sandbox and checks again. */
  static String checkedPath(String raw, EffectivePolicy policy) {
    return policy.paths().check(raw);
  }

  static String allowedDirectories(EffectivePolicy policy) {
    return " Allowed directories: " + policy.paths().describe()
        + " (symlinks are resolved and must stay inside them).";
  }
}
