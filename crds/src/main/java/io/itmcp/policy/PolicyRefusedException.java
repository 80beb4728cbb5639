package io.itmcp.policy;

/** Thrown by every check of the policy engine; carries the {@link Refusal}. */
public class PolicyRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Refusal refusal;

  public PolicyRefusedException(Refusal refusal) {
    super(refusal.message());
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
