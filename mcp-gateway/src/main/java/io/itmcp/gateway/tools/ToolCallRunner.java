package io.itmcp.gateway.tools;

import io.itmcp.gateway.audit.SecretRedactor;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.tools.files.FileAccessGuard;
import io.itmcp.policy.EffectivePolicy;

/**
 * Runs a plan in a session's sandbox: the symlink re-check of its paths ({@link FileAccessGuard}),
 * the deadline (the plan's own timeout bounded by the policy's tool timeout), the policy's output
 * cap, progress only for long-running plans, the plan's output filter on stdout, and secret-shaped
 * text replaced in stdout and stderr ({@link SecretRedactor#redactText}). Refusals of
 * the re-check are thrown (PolicyRefusedException / ToolArgumentException) before the tool runs.
 */
public final class ToolCallRunner {

  private ToolCallRunner() {
  }

  /** The argv that actually runs is in the returned {@link Outcome#plan()} (after path resolution), for the audit. */
  public record Outcome(ToolPlan plan, ExecResult result) {

    /** Whether the call should be reported as an error: a deadline that is not the plan's normal end. */
    public boolean deadlineWasError() {
      return result.timedOut() && !plan.endsAtDeadline();
    }
  }

  public static Outcome run(Sandbox sandbox, ToolPlan plan, EffectivePolicy policy, ProgressListener progress)
      throws InterruptedException {
    ToolPlan resolved = FileAccessGuard.resolve(sandbox, plan, policy);
    ExecRequest request = new ExecRequest(resolved.argv(), resolved.target(),
        resolved.effectiveTimeout(policy.limits().toolTimeout()), policy.limits().maxOutputBytes());
    ExecResult raw = sandbox.exec(request, resolved.longRunning() ? progress : ProgressListener.NONE);
    // secrets in what a tool printed (a config file, a process list) do not travel on to the AI client
    String stdout = SecretRedactor.redactText(resolved.outputFilter().apply(raw.stdout()));
    String stderr = SecretRedactor.redactText(raw.stderr());
    ExecResult filtered = new ExecResult(raw.exitCode(), stdout, stderr, raw.truncated(), raw.timedOut(), raw.durationMs());
    return new Outcome(resolved, filtered);
  }
}
