package io.itmcp.e2e.env;

import static org.awaitility.Awaitility.await;

import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.gateway.cluster.ClusterGateway;
import java.time.Duration;
import java.util.Collection;

/**
 * Waits until gateway replicas hold a policy change: each reads policies from a watch, so an edit
 * holds from the call after the watch delivered it, not from the call after the API server stored
 * it. A test that changes a policy and then calls waits here first; what it asserts of the call
 * stays the same.
 */
public final class GatewaysSee {

  private GatewaysSee() {}

  /**
   * Until every replica's next lookup of the policy holds this version's change (it, or a later
   * write such as the operator's status, which moves the resourceVersion on).
   */
  public static ItmcpPolicy version(Collection<ClusterGateway> gateways, ItmcpPolicy applied) {
    String name = applied.getMetadata().getName();
    String version = applied.getMetadata().getResourceVersion();
    await("the gateways' watch delivering " + name + " at resourceVersion " + version)
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> gateways.stream().allMatch(g -> g.policies().holds(applied)));
    return applied;
  }

  /** Until every replica's next lookup of the policy finds none. */
  public static void deletion(Collection<ClusterGateway> gateways, String name) {
    await("the gateways' watch delivering the deletion of " + name)
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> gateways.stream().allMatch(g -> g.policies().holdsNone(name)));
  }
}
