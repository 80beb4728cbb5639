package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What the operator observed of a policy. */
public class ItmcpPolicyStatus {

  /** Standard conditions. */
  @Size(max = StatusBounds.CONDITIONS)
  private List<io.fabric8.kubernetes.api.model.Condition> conditions;

  /** Addresses the operator resolved for the named hosts. */
  @Size(max = StatusBounds.RESOLVED_HOSTS)
  private List<ResolvedHost> resolvedHosts;

  /** Live sessions using this policy. */
  @Min(0)
  @Max(1000000)
  private Integer activeSessions;

  /** The warm pool: target, ready, refilling and claimed pods. */
  private WarmPoolStatus warmPool;

  /** The spec generation this status describes. */
  @Min(0)
  private Long observedGeneration;

  public List<io.fabric8.kubernetes.api.model.Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<io.fabric8.kubernetes.api.model.Condition> conditions) {
    this.conditions = conditions;
  }

  public List<ResolvedHost> getResolvedHosts() {
    return resolvedHosts;
  }

  public void setResolvedHosts(List<ResolvedHost> resolvedHosts) {
    this.resolvedHosts = resolvedHosts;
  }

  public Integer getActiveSessions() {
    return activeSessions;
  }

  public void setActiveSessions(Integer activeSessions) {
    this.activeSessions = activeSessions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public WarmPoolStatus getWarmPool() {
    return warmPool;
  }

  public void setWarmPool(WarmPoolStatus warmPool) {
    this.warmPool = warmPool;
  }
}
