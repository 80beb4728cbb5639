package io.itmcp.operator.render;

import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpSession;
import io.itmcp.operator.config.EgressMode;
import io.itmcp.policy.EffectivePolicy;
import java.time.Instant;

/**
 * Everything a session is rendered from; rendering reads nothing else (no clock, no DNS, no API).
 *
 * @param policy the policy as written (sandbox settings, ssh Secret)
 * @param effective the same policy compiled, with defaults applied (tools, limits)
 * @param names what the policy's names resolved to
 * @param mode network-policy or cilium (auto already decided)
 * @param now the instant the TTL left is counted from
 */
public record SessionRenderInput(
    ItmcpSession session,
    ItmcpPolicy policy,
    EffectivePolicy effective,
    ResolvedNames names,
    EgressMode mode,
    Instant now) {}
