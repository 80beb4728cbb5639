package io.itmcp.gateway.runtime;

import io.itmcp.gateway.auth.Identity;
import java.util.Objects;

/**
 * Whose sandbox it is. A caller is the authenticated user, the policy and the MCP client's name
 * (from initialize, or from a stateless request's {@code _meta}); its sandbox is shared by every
 * MCP session and request of that caller, on any gateway replica. With {@code sandbox.sharing:
 * PerMcpSession} the legacy MCP session id is part of the owner too, and the sandbox is that
 * session's alone.
 *
 * @param identity who calls (null only in tests of runtimes that record no owner)
 * @param policyName the policy the calls run under
 * @param clientName what the client called itself; null or blank: an unnamed client
 * @param clientVersion recorded when the sandbox is made; not part of the key (an upgraded client
 *     keeps its sandbox)
 * @param mcpSessionId the legacy MCP session the sandbox belongs to, or null when it is the
 *     caller's
 */
public record SandboxOwner(
    Identity identity,
    String policyName,
    String clientName,
    String clientVersion,
    String mcpSessionId) {

  public SandboxOwner {
    clientName = clientName == null || clientName.isBlank() ? "" : clientName;
  }

  /** The caller's own sandbox, shared by all its sessions and requests. */
  public static SandboxOwner caller(
      Identity identity, String policyName, String clientName, String clientVersion) {
    return new SandboxOwner(
        Objects.requireNonNull(identity, "identity"),
        Objects.requireNonNull(policyName, "policyName"),
        clientName,
        clientVersion,
        null);
  }

  /** A sandbox of one legacy MCP session only ({@code sandbox.sharing: PerMcpSession}). */
  public static SandboxOwner mcpSession(
      String mcpSessionId,
      Identity identity,
      String policyName,
      String clientName,
      String clientVersion) {
    return new SandboxOwner(
        identity,
        policyName,
        clientName,
        clientVersion,
        Objects.requireNonNull(mcpSessionId, "mcpSessionId"));
  }

  public boolean perMcpSession() {
    return mcpSessionId != null;
  }

  /**
   * What two requests must agree on to share the sandbox (the client version is not part of it).
   */
  public Key key() {
    return new Key(identity == null ? null : identity.user(), policyName, clientName, mcpSessionId);
  }

  /** The identity of a sandbox. */
  public record Key(String user, String policyName, String clientName, String mcpSessionId) {}
}
