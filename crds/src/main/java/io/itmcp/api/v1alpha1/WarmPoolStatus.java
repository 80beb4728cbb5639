package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** What the operator observed of a policy's warm pool. */
public class WarmPoolStatus {

  /** Pool pods the operator aims to keep: the spec's size, capped by the operator-wide maximum. */
  @Min(0)
  @Max(100)
  private Integer target;

  /** Pool pods ready to be claimed. */
  @Min(0)
  @Max(100)
  private Integer ready;

  /** Pool pods created and not yet ready. */
  @Min(0)
  @Max(100)
  private Integer refilling;

  /** Live session pods of this policy that were claimed from the pool. */
  @Min(0)
  @Max(1000000)
  private Integer claimed;

  public Integer getTarget() {
    return target;
  }

  public void setTarget(Integer target) {
    this.target = target;
  }

  public Integer getReady() {
    return ready;
  }

  public void setReady(Integer ready) {
    this.ready = ready;
  }

  public Integer getRefilling() {
    return refilling;
  }

  public void setRefilling(Integer refilling) {
    this.refilling = refilling;
  }

  public Integer getClaimed() {
    return claimed;
  }

  public void setClaimed(Integer claimed) {
    this.claimed = claimed;
  }
}
