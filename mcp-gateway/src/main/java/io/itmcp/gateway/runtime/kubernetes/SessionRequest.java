package io.itmcp.gateway.runtime.kubernetes;

import io.itmcp.gateway.auth.Identity;
import io.itmcp.policy.EffectivePolicy;
import java.util.Objects;

/**
 * Everything an ItmcpSession is made from: the MCP session, who opened it, with which client
 * (from the MCP initialize request; both may be null when the client did not say) and under
 * which policy.
 */
public record SessionRequest(String mcpSessionId, Identity identity, EffectivePolicy policy, String clientName, String clientVersion) {
  public SessionRequest {
    Objects.requireNonNull(mcpSessionId, "mcpSessionId");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(policy, "policy");
  }
}
