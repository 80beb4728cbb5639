package io.itmcp.e2e.pod;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.operator.config.OperatorOptions;
import io.itmcp.operator.render.RenderedSession;
import io.itmcp.operator.render.ResolvedNames;
import io.itmcp.operator.render.SessionRenderInput;
import io.itmcp.operator.render.SessionRenderer;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A policy and a session as a platform team would write them, rendered by the operator's own {@link
 * SessionRenderer} (the objects the operator would create), never by a copy of it.
 */
public record TestSession(ItmcpPolicy policy, ItmcpSession session, RenderedSession rendered) {
  public static final String NAMESPACE = "itmcp-sandboxes";

  public static TestSession render(String policyYaml, Map<String, List<String>> resolvedNames) {
    ItmcpPolicy policy = PolicyLoader.fromYamlString(policyYaml);
    ItmcpSession session =
        Serialization.unmarshal(
            """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpSession
        metadata:
          name: s-e2e
          namespace: %s
          uid: 6b1f3c2e-0000-4000-8000-00000000e2e0
        spec:
          policyRef: {name: %s}
          user: {name: e2e@example.com}
        """
                .formatted(NAMESPACE, policy.getMetadata().getName()),
            ItmcpSession.class);
    RenderedSession rendered =
        new SessionRenderer(OperatorOptions.defaults())
            .render(
                new SessionRenderInput(
                    session,
                    policy,
                    EffectivePolicy.compile(policy),
                    new ResolvedNames(resolvedNames, Map.of()),
                    EgressMode.NETWORK_POLICY,
                    Instant.now()));
    return new TestSession(policy, session, rendered);
  }

  public EffectivePolicy effective() {
    return EffectivePolicy.compile(policy);
  }
}
