package io.itmcp.gateway.tools;

/**
 * What a call does after one of its commands ran: run another (planned and checked like the first),
 * or end.
 */
public sealed interface Next permits Next.Run, Next.End {

  /** The call is complete, with nothing to report about why. */
  End END = new End(null);

  static Next run(ToolPlan plan) {
    return new Run(plan);
  }

  /**
   * The call ends; {@code note} says why it did not go on (e.g. a redirect that is not followed),
   * or null.
   */
  static End end(String note) {
    return new End(note);
  }

  record Run(ToolPlan plan) implements Next {}

  record End(String note) implements Next {}
}
