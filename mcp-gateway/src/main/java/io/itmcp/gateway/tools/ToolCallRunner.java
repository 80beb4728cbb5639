package io.itmcp.gateway.tools;

import io.itmcp.gateway.audit.SecretRedactor;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.tools.files.GuardedRead;
import io.itmcp.policy.EffectivePolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a plan in a session's sandbox, always as one exec: the deadline (the plan's own timeout
 * bounded by the policy's tool timeout), the policy's output cap, progress only for long-running
 * plans, the plan's output filter on stdout, and secret-shaped text replaced in stdout and stderr
 * ({@link SecretRedactor#redactText}). A file tool's path is opened by the in-sandbox reader in that
 * same exec; what it refused is thrown (PolicyRefusedException / ToolArgumentException, see
 * {@link GuardedRead}) and nothing of the file was read. The plan's {@link StructuredOutput} reads
 * the redacted output before the filter; a reader that fails leaves its fields out and says why in
 * {@link Outcome#structured()} under {@link #READ_ERROR}.
 */
public final class ToolCallRunner {

  private ToolCallRunner() {
  }

  /** The structuredContent field that says why a tool's own fields could not be read. */
  public static final String READ_ERROR = "outputReadError";

  /**
   * The argv that ran is in the returned {@link Outcome#plan()}, for the audit.
   *
   * @param structured the tool's own structuredContent fields read from the output (may be empty)
   */
  public record Outcome(ToolPlan plan, ExecResult result, Map<String, Object> structured) {

    public Outcome {
      structured = Collections.unmodifiableMap(new LinkedHashMap<>(structured));
    }

    public Outcome(ToolPlan plan, ExecResult result) {
      this(plan, result, Map.of());
    }

    /** Whether the call should be reported as an error: a deadline that is not the plan's normal end. */
    public boolean deadlineWasError() {
      return result.timedOut() && !plan.endsAtDeadline();
    }
  }

  public static Outcome run(Sandbox sandbox, ToolPlan plan, EffectivePolicy policy, ProgressListener progress)
      throws InterruptedException {
    ExecRequest request = new ExecRequest(plan.argv(), plan.target(),
        plan.effectiveTimeout(policy.limits().toolTimeout()), policy.limits().maxOutputBytes());
    ExecResult raw = sandbox.exec(request, plan.longRunning() ? progress : ProgressListener.NONE);
    for (String path : plan.guardedPaths()) {
      GuardedRead.throwIfRefused(path, raw, policy.paths());
    }
    // secrets in what a tool printed (a config file, a process list) do not travel on to the AI client
    String stdout = SecretRedactor.redactText(plan.outputFilter().apply(raw.stdout()));
    String stderr = SecretRedactor.redactText(raw.stderr());
    ExecResult filtered = new ExecResult(raw.exitCode(), stdout, stderr, raw.truncated(), raw.timedOut(), raw.durationMs());
    if (plan.structuredOutput() == StructuredOutput.NONE) {
      return new Outcome(plan, filtered);
    }
    ExecResult redacted = new ExecResult(raw.exitCode(), SecretRedactor.redactText(raw.stdout()), stderr,
        raw.truncated(), raw.timedOut(), raw.durationMs());
    return new Outcome(plan, filtered, structured(plan.structuredOutput(), redacted));
  }

  private static Map<String, Object> structured(StructuredOutput reader, ExecResult result) {
    try {
      return reader.read(result);
    } catch (RuntimeException e) {
      // the command ran and its output is still returned; only the typed reading of it is missing
      return Map.of(READ_ERROR, "the output could not be read into fields: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }
}
