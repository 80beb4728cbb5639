package io.itmcp.gateway.runtime.kubernetes;

import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.gateway.runtime.SandboxOwner;
import io.itmcp.policy.EffectivePolicy;
import java.util.Objects;

/**
 * Everything an ItmcpSession is made from: whose sandbox it is (user, policy, client; a legacy MCP
 * session too under {@code PerMcpSession}) and the policy as read now.
 */
public record SessionRequest(SandboxOwner owner, EffectivePolicy policy) {
  public SessionRequest {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(owner.identity(), "owner.identity");
    Objects.requireNonNull(policy, "policy");
  }

  /** One legacy MCP session's own sandbox (as {@code PerMcpSession} makes). */
  public SessionRequest(
      String mcpSessionId,
      io.itmcp.gateway.auth.Identity identity,
      EffectivePolicy policy,
      String clientName,
      String clientVersion) {
    this(
        SandboxOwner.mcpSession(mcpSessionId, identity, policy.name(), clientName, clientVersion),
        policy);
  }

  /** The client name as the ItmcpSession records it (and as its name is derived from). */
  public String clientName() {
    return SessionManifest.cut(owner.clientName(), SessionManifest.MAX_CLIENT_NAME);
  }

  public String clientVersion() {
    return owner.clientVersion();
  }

  public io.itmcp.gateway.auth.Identity identity() {
    return owner.identity();
  }

  /** The deterministic name: the same for every replica that serves this owner. */
  public String sessionName() {
    return owner.perMcpSession()
        ? SessionNaming.forMcpSession(owner.mcpSessionId())
        : SessionNaming.forCaller(owner.identity().user(), policy.name(), clientName());
  }
}
