package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The warm pool of a policy: pods rendered from the policy, egress denied, labelled for no session,
 * that a new session claims instead of waiting for a pod to start. An object so that further knobs
 * (a schedule, a per-policy ceiling) can follow without breaking the field.
 */
public class WarmPoolSpec {

  /**
   * Ready pods to keep; 0 (the default) keeps none. The operator's --warm-pool-max-pods caps the
   * total.
   */
  @Min(0)
  @Max(100)
  private Integer size;

  public Integer getSize() {
    return size;
  }

  public void setSize(Integer size) {
    this.size = size;
  }

  /** The size asked for; 0 when unset. */
  public static int sizeOf(SandboxSpec sandbox) {
    return sandbox == null
            || sandbox.getWarmPool() == null
            || sandbox.getWarmPool().getSize() == null
        ? 0
        : sandbox.getWarmPool().getSize();
  }
}
