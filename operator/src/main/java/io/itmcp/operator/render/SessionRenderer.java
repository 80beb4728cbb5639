package io.itmcp.operator.render;

import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import java.util.Optional;

/** Renders a session into its Pod, NetworkPolicy and (cilium mode) CiliumNetworkPolicy. Pure. */
public final class SessionRenderer {
  private final OperatorOptions options;

  public SessionRenderer(OperatorOptions options) {
    this.options = options;
  }

  public RenderedSession render(SessionRenderInput in) {
    EgressPlan plan = plan(in);
    return new RenderedSession(
        SessionPodRenderer.render(in, options),
        NetworkPolicyRenderer.render(in, plan, options),
        in.mode() == EgressMode.CILIUM
            ? Optional.of(CiliumNetworkPolicyRenderer.render(in, plan, options))
            : Optional.empty(),
        plan.status());
  }

  public static EgressPlan plan(SessionRenderInput in) {
    return EgressPlanner.plan(
        in.policy().getSpec().getAllowedHosts(),
        in.policy().getSpec().getDnsServers(),
        in.names(),
        in.mode());
  }
}
