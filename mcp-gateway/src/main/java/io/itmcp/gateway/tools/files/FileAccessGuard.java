package io.itmcp.gateway.tools.files;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.gateway.tools.args.SafeText;
import io.itmcp.policy.EffectivePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The second path check: each path of {@link ToolPlan#pathsToRecheck()} is resolved where the
 * tool will read it, inside the session's sandbox ({@code realpath -e -- PATH}, all symlinks
 * followed), the result goes through {@code PathPolicy.checkResolved}, and the tool then reads the
 * resolved path, not the one given. A symlink inside an allowed directory that points outside it is
 * refused here.
 *
 * <p>Works with any runtime (bubblewrap, pod exec) because it only uses {@link Sandbox#exec}. The
 * resolved path contains no symlinks at the time of the check; a writer outside the sandbox that
 * swaps a directory for a symlink between the check and the read could still redirect it, which
 * the read-only sandbox itself cannot do.
 *
 * <p>Argv contract (kept by the four file tools): the paths to re-check are tokens after the last
 * {@code --}; only those tokens are replaced, so a grep pattern equal to the path is untouched.
 */
public final class FileAccessGuard {

  private static final Duration RESOLVE_DEADLINE = Duration.ofSeconds(10);
  private static final long RESOLVE_OUTPUT_CAP = 16 * 1024;

  private FileAccessGuard() {
  }

  /** Returns the plan reading resolved paths, or throws PolicyRefusedException / ToolArgumentException. */
  public static ToolPlan resolve(Sandbox sandbox, ToolPlan plan, EffectivePolicy policy) throws InterruptedException {
    if (plan.pathsToRecheck().isEmpty()) {
      return plan;
    }
    List<String> argv = new ArrayList<>(plan.argv());
    int separator = argv.lastIndexOf("--");
    if (separator < 0) {
      throw new IllegalStateException("a plan with paths to re-check has no '--' in its argv: " + argv);
    }
    for (String path : plan.pathsToRecheck()) {
      String resolved = policy.paths().checkResolved(realPath(sandbox, path));
      for (int i = separator + 1; i < argv.size(); i++) {
        if (argv.get(i).equals(path)) {
          argv.set(i, resolved);
        }
      }
    }
    return plan.withArgv(argv);
  }

  private static String realPath(Sandbox sandbox, String path) throws InterruptedException {
    ExecResult r = sandbox.exec(new ExecRequest(List.of("realpath", "-e", "--", path), ExecTarget.SANDBOX,
        RESOLVE_DEADLINE, RESOLVE_OUTPUT_CAP), ProgressListener.NONE);
    String out = r.stdout();
    if (r.exitCode() != 0 || r.truncated() || !out.endsWith("\n") || out.indexOf('\n') != out.length() - 1) {
      String why = r.stderr().strip().replaceFirst("^realpath: ", "");
      throw new ToolArgumentException("'file_path' " + SafeText.quote(path) + " cannot be read in the sandbox: "
          + (why.isEmpty() ? "it does not resolve to a single path" : why));
    }
    return out.substring(0, out.length() - 1);
  }
}
