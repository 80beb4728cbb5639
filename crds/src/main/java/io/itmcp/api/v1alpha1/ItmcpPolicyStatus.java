package io.itmcp.api.v1alpha1;

import java.util.List;

/** What the operator observed of a policy. */
public class ItmcpPolicyStatus {

  /** Standard conditions. */
  private List<io.fabric8.kubernetes.api.model.Condition> conditions;
  /** Addresses the operator resolved for the named hosts. */
  private List<ResolvedHost> resolvedHosts;
  /** Live sessions using this policy. */
  private Integer activeSessions;
  /** The spec generation this status describes. */
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
}
