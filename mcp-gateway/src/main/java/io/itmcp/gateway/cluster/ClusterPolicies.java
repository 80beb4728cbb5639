package io.itmcp.gateway.cluster;

import io.itmcp.gateway.runtime.kubernetes.ClusterPolicySource;
import io.itmcp.gateway.session.SessionPolicies;
import io.itmcp.policy.EffectivePolicy;

/**
 * Session policies looked up on every use among the ItmcpPolicies of the sandbox namespace (from
 * the gateway's watch while it is current, else live: {@link ClusterPolicySource}).
 */
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
