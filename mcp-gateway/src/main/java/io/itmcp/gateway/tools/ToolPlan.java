package io.itmcp.gateway.tools;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecTarget;
import java.time.Duration;
import java.util.List;

/**
 * What a validated tool call will run: built only after every argument passed the schema and the
 * policy. Tools start from {@link #run} and name what differs with the {@code with...} methods.
 *
 * @param argv the exact argv, no shell
 * @param target the container it runs in
 * @param auditTarget the host, file or interface the call is about, for the audit record
 * @param outputFilter applied to stdout by the gateway
 * @param longRunning whether progress notifications are sent while it runs
 * @param guardedPaths the file a file tool reads through the in-sandbox reader ({@link
 *     io.itmcp.gateway.runtime.FileReader}); its refusals become the call's refusal
 * @param timeout the deadline of this call (the tool's own timeout argument bounded by the policy's
 *     tool timeout); null means "use the policy's tool timeout"
 * @param endsAtDeadline whether reaching the deadline is this call's normal end (tail with follow,
 *     tcpdump that saw fewer packets than its count): the output is then a result, not an error
 * @param structuredOutput reads the command's output into the tool's own structuredContent fields
 *     ({@link ToolDefinition#structuredProperties()}); {@link StructuredOutput#NONE} for most tools
 * @param maxStdoutBytes how much of stdout to keep within the policy's output cap ({@link
 *     ExecRequest#maxStdoutBytes()}); {@link ExecRequest#NO_STDOUT_LIMIT} for all of it
 * @param context what the tool needs to plan the call's next command from this one ({@link
 *     ToolDefinition#next}; http_check_tool: the request and what is left of its redirect budget);
 *     null for the tools whose calls are one command
 */
public record ToolPlan(
    List<String> argv,
    ExecTarget target,
    String auditTarget,
    OutputFilter outputFilter,
    boolean longRunning,
    List<String> guardedPaths,
    Duration timeout,
    boolean endsAtDeadline,
    StructuredOutput structuredOutput,
    long maxStdoutBytes,
    Object context) {
  public ToolPlan {
    argv = List.copyOf(argv);
    guardedPaths = List.copyOf(guardedPaths);
    structuredOutput = structuredOutput == null ? StructuredOutput.NONE : structuredOutput;
  }

  /**
   * A plan that runs {@code argv} in {@code target}, about {@code auditTarget}: stdout unfiltered
   * and all of it kept, no progress notifications, the policy's tool timeout (reaching it is an
   * error), only the common structuredContent fields, one command per call. The {@code with...}
   * methods change one of these.
   */
  public static ToolPlan run(List<String> argv, ExecTarget target, String auditTarget) {
    return new ToolPlan(
        argv,
        target,
        auditTarget,
        OutputFilter.NONE,
        false,
        List.of(),
        null,
        false,
        StructuredOutput.NONE,
        ExecRequest.NO_STDOUT_LIMIT,
        null);
  }

  /** This plan with stdout passed through {@code filter}. */
  public ToolPlan withOutputFilter(OutputFilter filter) {
    return new ToolPlan(
        argv,
        target,
        auditTarget,
        filter,
        longRunning,
        guardedPaths,
        timeout,
        endsAtDeadline,
        structuredOutput,
        maxStdoutBytes,
        context);
  }

  /** This plan sending progress notifications while it runs when {@code sendProgress}. */
  public ToolPlan withProgress(boolean sendProgress) {
    return new ToolPlan(
        argv,
        target,
        auditTarget,
        outputFilter,
        sendProgress,
        guardedPaths,
        timeout,
        endsAtDeadline,
        structuredOutput,
        maxStdoutBytes,
        context);
  }

  /**
   * This plan reading {@code paths} through the in-sandbox reader, whose refusals become the
   * call's.
   */
  public ToolPlan withGuardedPaths(List<String> paths) {
    return new ToolPlan(
        argv,
        target,
        auditTarget,
        outputFilter,
        longRunning,
        paths,
        timeout,
        endsAtDeadline,
        structuredOutput,
        maxStdoutBytes,
        context);
  }

  /** This plan with its own deadline (still bounded by the policy's tool timeout). */
  public ToolPlan withTimeout(Duration deadline) {
    return new ToolPlan(
        argv,
        target,
        auditTarget,
        outputFilter,
        longRunning,
        guardedPaths,
        deadline,
        endsAtDeadline,
        structuredOutput,
        maxStdoutBytes,
        context);
  }

  /**
   * This plan with reaching the deadline its normal end when {@code normalEnd} (the output is a
   * result).
   */
  public ToolPlan withDeadlineAsNormalEnd(boolean normalEnd) {
    return new ToolPlan(
        argv,
        target,
        auditTarget,
        outputFilter,
        longRunning,
        guardedPaths,
        timeout,
        normalEnd,
        structuredOutput,
        maxStdoutBytes,
        context);
  }

  /** This plan reading the command's output into the tool's own structuredContent fields. */
  public ToolPlan withStructuredOutput(StructuredOutput reader) {
    return new ToolPlan(
        argv,
        target,
        auditTarget,
        outputFilter,
        longRunning,
        guardedPaths,
        timeout,
        endsAtDeadline,
        reader,
        maxStdoutBytes,
        context);
  }

  /** This plan keeping at most {@code bytes} of stdout within the policy's output cap. */
  public ToolPlan withStdoutLimit(long bytes) {
    return new ToolPlan(
        argv,
        target,
        auditTarget,
        outputFilter,
        longRunning,
        guardedPaths,
        timeout,
        endsAtDeadline,
        structuredOutput,
        bytes,
        context);
  }

  /**
   * This plan carrying what the tool needs to plan the call's next command ({@link
   * ToolDefinition#next}).
   */
  public ToolPlan withContext(Object nextContext) {
    return new ToolPlan(
        argv,
        target,
        auditTarget,
        outputFilter,
        longRunning,
        guardedPaths,
        timeout,
        endsAtDeadline,
        structuredOutput,
        maxStdoutBytes,
        nextContext);
  }

  /**
   * The deadline to use: this plan's own timeout, or the policy's tool timeout when it has none.
   */
  public Duration effectiveTimeout(Duration policyToolTimeout) {
    if (timeout == null) {
      return policyToolTimeout;
    }
    return timeout.compareTo(policyToolTimeout) < 0 ? timeout : policyToolTimeout;
  }
}
