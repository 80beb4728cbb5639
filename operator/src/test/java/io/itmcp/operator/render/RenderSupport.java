package io.itmcp.operator.render;

import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.policy.EffectivePolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

final class RenderSupport {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final OperatorOptions OPTIONS = OperatorOptions.defaults();

  private RenderSupport() {}

  static SessionRenderInput input(
      ItmcpSession session,
      ItmcpPolicy policy,
      Map<String, List<String>> resolved,
      EgressMode mode) {
    return new SessionRenderInput(
        session,
        policy,
        EffectivePolicy.compile(policy.getMetadata().getName(), policy.getSpec()),
        new ResolvedNames(resolved, Map.of()),
        mode,
        NOW);
  }

  static RenderedSession render(
      ItmcpSession session,
      ItmcpPolicy policy,
      Map<String, List<String>> resolved,
      EgressMode mode) {
    return render(session, policy, resolved, mode, OPTIONS);
  }

  static RenderedSession render(
      ItmcpSession session,
      ItmcpPolicy policy,
      Map<String, List<String>> resolved,
      EgressMode mode,
      OperatorOptions options) {
    return new SessionRenderer(options).render(input(session, policy, resolved, mode));
  }
}
