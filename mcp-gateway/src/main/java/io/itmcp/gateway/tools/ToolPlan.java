package io.itmcp.gateway.tools;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecTarget;
import java.time.Duration;
import java.util.List;

/**
 * What a validated tool call will run: built only after every argument passed the schema and the policy.
 *
 * @param argv the exact argv, no shell
 * @param target the container it runs in
 * @param auditTarget the host, file or interface the call is about, for the audit record
 * @param outputFilter applied to stdout by the gateway
 * @param longRunning whether progress notifications are sent while it runs
 * @param guardedPaths the file a file tool reads through the in-sandbox reader
 *     ({@link io.itmcp.gateway.runtime.FileReader}); its refusals become the call's refusal
 * @param timeout the deadline of this call (the tool's own timeout argument bounded by the policy's
 *     tool timeout); null means "use the policy's tool timeout"
 * @param endsAtDeadline whether reaching the deadline is this call's normal end (tail with follow,
 *     tcpdump that saw fewer packets than its count): the output is then a result, not an error
 * @param structuredOutput reads the command's output into the tool's own structuredContent fields
 *     ({@link ToolDefinition#structuredProperties()}); {@link StructuredOutput#NONE} for most tools
 * @param maxStdoutBytes how much of stdout to keep within the policy's output cap
 *     ({@link ExecRequest#maxStdoutBytes()}); {@link ExecRequest#NO_STDOUT_LIMIT} for all of it
 * @param context what the tool needs to plan the call's next command from this one
 *     ({@link ToolDefinition#next}; http_check_tool: the request and what is left of its redirect
 *     budget); null for the tools whose calls are one command
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

  /** A plan whose output is read into the tool's own fields, all of stdout kept, one command per call. */
  public ToolPlan(
      List<String> argv,
      ExecTarget target,
      String auditTarget,
      OutputFilter outputFilter,
      boolean longRunning,
      List<String> guardedPaths,
      Duration timeout,
      boolean endsAtDeadline,
      StructuredOutput structuredOutput) {
    this(argv, target, auditTarget, outputFilter, longRunning, guardedPaths, timeout, endsAtDeadline, structuredOutput,
        ExecRequest.NO_STDOUT_LIMIT, null);
  }

  /** A plan whose result carries only the common structuredContent fields. */
  public ToolPlan(
      List<String> argv,
      ExecTarget target,
      String auditTarget,
      OutputFilter outputFilter,
      boolean longRunning,
      List<String> guardedPaths,
      Duration timeout,
      boolean endsAtDeadline) {
    this(argv, target, auditTarget, outputFilter, longRunning, guardedPaths, timeout, endsAtDeadline,
        StructuredOutput.NONE);
  }

  /** The original six-component form: the policy's tool timeout, and a deadline is an error. */
  public ToolPlan(
      List<String> argv,
      ExecTarget target,
      String auditTarget,
      OutputFilter outputFilter,
      boolean longRunning,
      List<String> guardedPaths) {
    this(argv, target, auditTarget, outputFilter, longRunning, guardedPaths, null, false, StructuredOutput.NONE);
  }


  /** The deadline to use: this plan's own timeout, or the policy's tool timeout when it has none. */
  public Duration effectiveTimeout(Duration policyToolTimeout) {
    if (timeout == null) {
      return policyToolTimeout;
    }
    return timeout.compareTo(policyToolTimeout) < 0 ? timeout : policyToolTimeout;
  }
}
