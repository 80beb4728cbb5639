package io.itmcp.gateway.tools;

import io.itmcp.gateway.audit.SecretRedactor;
import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.tools.files.GuardedRead;
import io.itmcp.policy.EffectivePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a call in a session's sandbox: each command as one exec, with the deadline (the plan's own
 * timeout bounded by the policy's tool timeout; a call of several commands shares the first one's
 * deadline), the policy's output cap, progress only for long-running plans. A call is one command
 * unless the tool plans another from what the last returned ({@link ToolDefinition#next}:
 * http_check_tool following a redirect, each hop checked like the first). What the caller is shown
 * is the tool's answer ({@link ToolDefinition#answer}; by default the last command's output with
 * its plan's output filter, and its {@link StructuredOutput} reading the redacted output before the
 * filter: {@link ToolAnswer#lastCommand}), with secret-shaped text replaced in stdout, stderr and
 * every string of the tool's structured fields ({@link SecretRedactor#redactText}). A reader that
 * fails leaves its fields out and says why under {@link #READ_ERROR}. A file tool's path is opened
 * by the in-sandbox reader in that same exec; what it refused is thrown (PolicyRefusedException /
 * ToolArgumentException, see {@link GuardedRead}) and nothing of the file was read.
 */
public final class ToolCallRunner {

  /** The structuredContent field that says why a tool's own fields could not be read. */
  public static final String READ_ERROR = "outputReadError";

  private ToolCallRunner() {}

  /**
   * What a call did, as the caller is shown it.
   *
   * @param plans the commands that ran, in order (the first is the call's plan)
   * @param result the answer's result, redacted
   * @param structured the tool's own structuredContent properties, redacted
   * @param end how the call ended (a note when the tool did not go on)
   */
  public record Outcome(
      List<ToolPlan> plans, ExecResult result, Map<String, Object> structured, Next.End end) {
    public Outcome {
      plans = List.copyOf(plans);
      structured = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(structured));
    }

    /** The last command that ran; its argv is the one the completion audit record names. */
    public ToolPlan plan() {
      return plans.get(plans.size() - 1);
    }

    /**
     * Whether the call should be reported as an error: a deadline that is not the plan's normal
     * end.
     */
    public boolean deadlineWasError() {
      return result.timedOut() && !plan().endsAtDeadline();
    }
  }

  /** One command, shown as it ran (no tool to plan another or to shape the answer). */
  public static Outcome run(
      Sandbox sandbox, ToolPlan plan, EffectivePolicy policy, ProgressListener progress)
      throws InterruptedException {
    return run(sandbox, null, plan, policy, progress, next -> {});
  }

  /**
   * The tool's call: its first plan, then each command {@link ToolDefinition#next} plans, until it
   * ends.
   *
   * @param beforeNext told of each further command before it runs (the audit's intent record)
   */
  public static Outcome run(
      Sandbox sandbox,
      ToolDefinition tool,
      ToolPlan first,
      EffectivePolicy policy,
      ProgressListener progress,
      Consumer<ToolPlan> beforeNext)
      throws InterruptedException {
    Duration callDeadline = first.effectiveTimeout(policy.limits().toolTimeout());
    long started = System.nanoTime();
    List<ToolStep> steps = new ArrayList<>();
    List<ToolPlan> plans = new ArrayList<>();
    ToolPlan plan = first;
    Next.End end;
    while (true) {
      Duration deadline = plan.effectiveTimeout(policy.limits().toolTimeout());
      if (!steps.isEmpty()) {
        // a further command gets at most what is left of the call's deadline; the first gets its
        // own exactly
        Duration left = callDeadline.minusNanos(System.nanoTime() - started);
        if (left.compareTo(deadline) < 0) {
          deadline = left.isNegative() ? Duration.ZERO : left;
        }
      }
      ExecRequest request =
          new ExecRequest(
              plan.argv(),
              plan.target(),
              deadline,
              policy.limits().maxOutputBytes(),
              plan.maxStdoutBytes());
      ExecResult raw = sandbox.exec(request, plan.longRunning() ? progress : ProgressListener.NONE);
      for (String path : plan.guardedPaths()) {
        GuardedRead.throwIfRefused(path, raw, policy.paths());
      }
      plans.add(plan);
      steps.add(new ToolStep(plan, raw));
      Next next =
          tool == null || raw.timedOut()
              ? Next.END
              : tool.next(
                  List.copyOf(steps), callDeadline.minusNanos(System.nanoTime() - started), policy);
      if (next instanceof Next.End e) {
        end = e;
        break;
      }
      plan = ((Next.Run) next).plan();
      beforeNext.accept(plan);
    }
    ToolAnswer answer =
        tool == null ? ToolAnswer.lastCommand(steps) : tool.answer(List.copyOf(steps), end);
    ExecResult shown = answer.result();
    // secrets in what a tool printed (a config file, a process list, a response header) do not
    // travel on to the AI client
    ExecResult redacted =
        new ExecResult(
            shown.exitCode(),
            SecretRedactor.redactText(shown.stdout()),
            SecretRedactor.redactText(shown.stderr()),
            shown.truncated(),
            shown.timedOut(),
            shown.durationMs());
    return new Outcome(plans, redacted, redactStrings(answer.structured()), end);
  }

  @SuppressWarnings("unchecked")
  private static <T> T redactStrings(T value) {
    if (value instanceof String s) {
      return (T) SecretRedactor.redactText(s);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), redactStrings(v)));
      return (T) out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(redactStrings(v)));
      return (T) out;
    }
    return value;
  }
}
