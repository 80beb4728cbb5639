package io.itmcp.gateway.runtime.local;

import java.util.Locale;

/**
 * Why bubblewrap could not run {@code true}, in words that say what failed and what to do (pure).
 * "Not installed" is said only when bwrap could not be started at all; a bwrap that starts but
 * cannot build the sandbox is a different problem with different fixes.
 */
final class BwrapFailure {

  private BwrapFailure() {}

  /**
   * @param started whether the bwrap process started (false: not found or not executable)
   * @param exitCode its exit status
   * @param stderr what it printed
   */
  static String explain(boolean started, int exitCode, String stderr) {
    String said = stderr.strip();
    if (!started) {
      return "bubblewrap (bwrap) cannot be started ("
          + said
          + "): install the 'bubblewrap' package, "
          + "or pass --allow-unsandboxed to run commands without a sandbox";
    }
    String lower = said.toLowerCase(Locale.ROOT);
    String hint;
    if (lower.contains("mount flags")
        || lower.contains("can't bind mount")
        || lower.contains("can't remount")) {
      hint =
          "it could not bind a host path read-only in its new mount namespace (hosts whose mounts carry flags "
              + "a user namespace may not change, e.g. Docker's overlay or nodev/nosuid mounts, cause this). The sandbox "
              + "binds only /usr, /bin, /lib*, a few /etc files and the policy's allowed directories: make sure those "
              + "paths are on ordinary mounts, or run the gateway with --runtime kubernetes";
    } else if (lower.contains("namespace")
        || lower.contains("uid map")
        || lower.contains("operation not permitted")) {
      hint =
          "this kernel or its security module refuses unprivileged user namespaces (check sysctls "
              + "kernel.unprivileged_userns_clone, user.max_user_namespaces, and on Ubuntu "
              + "kernel.apparmor_restrict_unprivileged_userns or an AppArmor profile for bwrap); inside a container, "
              + "the container needs them allowed (e.g. a seccomp profile that permits clone with CLONE_NEWUSER)";
    } else {
      hint = "run the same bwrap arguments by hand to see what the host refuses";
    }
    return "bubblewrap is installed but could not build the sandbox (bwrap exited "
        + exitCode
        + ": "
        + said
        + "); "
        + hint
        + ". --allow-unsandboxed runs commands without a sandbox, which is not advised";
  }
}
