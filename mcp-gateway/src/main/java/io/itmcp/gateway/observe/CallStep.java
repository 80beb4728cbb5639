package io.itmcp.gateway.observe;

/** The measured steps of a tool call, each a latency histogram and a span. */
public enum CallStep {
  /** The policy engine's check of the arguments, ending in a plan or a refusal. */
  POLICY_CHECK("policy_check", "itmcp.policy_check"),
  /** Waiting for the session's sandbox to be ready (opened on the first call). */
  SANDBOX_WAIT("sandbox_wait", "itmcp.sandbox_ready"),
  /** The run of the command in the sandbox. */
  EXEC("exec", "itmcp.exec");

  private final String metricName;
  private final String spanName;

  CallStep(String metricName, String spanName) {
    this.metricName = metricName;
    this.spanName = spanName;
  }

  /** The {@code step} label value. */
  public String label() {
    return metricName;
  }

  public String spanName() {
    return spanName;
  }
}
