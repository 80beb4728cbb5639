package io.itmcp.gateway.tools;

import io.itmcp.gateway.runtime.ExecTarget;
import java.util.List;

/**
 * What a validated tool call will run: built only after every argument passed the schema and the policy.
 *
 * @param argv the exact argv, no shell
 * @param target the container it runs in
 * @param auditTarget the host, file or interface the call is about, for the audit record
 * @param outputFilter applied to stdout by the gateway
 * @param longRunning whether progress notifications are sent while it runs
 * @param pathsToRecheck paths the runtime resolves inside the sandbox and checks again before reading
 */
public record ToolPlan(
    List<String> argv,
    ExecTarget target,
    String auditTarget,
    OutputFilter outputFilter,
    boolean longRunning,
    List<String> pathsToRecheck) {
  public ToolPlan {
    argv = List.copyOf(argv);
    pathsToRecheck = List.copyOf(pathsToRecheck);
  }
}
