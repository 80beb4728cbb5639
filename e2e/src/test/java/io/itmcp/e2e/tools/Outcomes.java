package io.itmcp.e2e.tools;

import io.itmcp.gateway.tools.ToolCallRunner;

/** A tool call's outcome as a failed assertion shows it. */
public final class Outcomes {
  private Outcomes() {}

  public static String describe(ToolCallRunner.Outcome o) {
    return o.plan().argv()
        + " -> exit "
        + o.result().exitCode()
        + "\nstdout: "
        + o.result().stdout()
        + "\nstderr: "
        + o.result().stderr();
  }
}
