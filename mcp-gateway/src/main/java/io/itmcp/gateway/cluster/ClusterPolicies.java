package io.itmcp.gateway.cluster;

import io.itmcp.gateway.runtime.kubernetes.ClusterPolicySource;
import io.itmcp.gateway.session.SessionPolicies;
import io.itmcp.policy.EffectivePolicy;

/** Session policies read from the ItmcpPolicies of the sandbox namespace on every use. */
public final class ClusterPolicies implements SessionPolicies {

  private final ClusterPolicySource source;

  public ClusterPolicies(ClusterPolicySource source) {
    this.source = source;
  }

  @Override
  public String defaultName() {
    return source.defaultPolicyName();
  }

  @Override
  public EffectivePolicy current(String name) {
    return source.policy(name);
  }
}
