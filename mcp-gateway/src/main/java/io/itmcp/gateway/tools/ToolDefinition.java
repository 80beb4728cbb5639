package io.itmcp.gateway.tools;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.policy.EffectivePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of the tools, independent of MCP transport and sandbox runtime: its schema and the pure
 * function from arguments to argv.
 */
public interface ToolDefinition {

  ToolName name();

  /**
   * A short human title for clients' tool lists, e.g. "Ping a host" (the name stays {@code
   * ping_tool}). Every catalog tool overrides it (ToolCatalogTest); the default serves test
   * doubles.
   */
  default String title() {
    return name().mcpName();
  }

  /**
   * Tells the assistant what the tool does and what this policy allows (hosts, directories,
   * commands).
   */
  String description(EffectivePolicy policy);

  /** JSON Schema of the arguments, with bounds and {@code additionalProperties: false}. */
  Map<String, Object> inputSchema();

  /**
   * JSON Schema properties (name to schema) this tool adds to {@code structuredContent} beside
   * exitCode, stdout, stderr, truncated and durationMs; filled by the plan's {@link
   * StructuredOutput}. None is required: a command that could not run, or output cut at the cap,
   * yields fewer. Empty for the original twelve tools.
   */
  default Map<String, Object> structuredProperties() {
    return Map.of();
  }

  /** Whether the tool reaches the network (MCP annotation openWorldHint). */
  boolean openWorld();

  /**
   * Validates the arguments against the schema and the policy and builds the argv. Throws {@link
   * ToolArgumentException} or {@link io.itmcp.policy.PolicyRefusedException}; runs nothing.
   */
  ToolPlan plan(Map<String, Object> arguments, EffectivePolicy policy);

  /**
   * Why the command could not do its job, or empty when what it printed is the answer: a host that
   * does not answer ping or a closed port is an answer, an ssh that could not log in is not. The
   * result is then {@code isError: true}. A deadline is judged apart (ToolCallRunner.Outcome). The
   * default: any non-zero exit of a command that was not stopped at its deadline.
   */
  default Optional<String> failureToRun(ExecResult result) {
    return result.timedOut() || result.exitCode() == 0
        ? Optional.empty()
        : Optional.of(name().wireName() + " exited with " + result.exitCode());
  }

  /**
   * After a command of this call ran: the next command, planned from the steps so far and checked
   * against the policy like the first, or the end of the call. Throws nothing: what is not done is
   * the end's note. Every call ends after its first command (the default) except http_check_tool's
   * following a redirect, one hop at a time.
   *
   * @param steps the commands that ran, unredacted, in order
   * @param left what is left of the call's deadline
   */
  default Next next(List<ToolStep> steps, Duration left, EffectivePolicy policy) {
    return Next.END;
  }

  /**
   * What the caller is shown of the steps (redacted afterwards by the runner): by default the last
   * command's output with its plan's {@link StructuredOutput} and {@link OutputFilter} ({@link
   * ToolAnswer#lastCommand}). A tool that reads its output itself (http_check_tool, whose curl
   * report must be read before redaction rewrites any of it) returns its fields here.
   *
   * @param end how the call ended ({@link #next})
   */
  default ToolAnswer answer(List<ToolStep> steps, Next.End end) {
    return ToolAnswer.lastCommand(steps);
  }
}
