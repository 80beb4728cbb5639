package io.itmcp.gateway.server;

import io.itmcp.gateway.server.CallProtocol.Era;
import java.util.Set;

/**
 * Which era serves one incoming message, on HTTP and on stdio alike: {@code initialize} (without a
 * modern version claim) and anything of a legacy session are legacy, exactly as before; a request
 * that carries the modern {@code _meta} protocol version is modern, whatever version it names (the
 * modern server answers an unknown one with -32022 and the versions it supports), and so are the
 * methods only the modern era has.
 */
public final class EraSelector {

  private static final Set<String> MODERN_ONLY = Set.of("server/discover", "subscriptions/listen");

  private EraSelector() {}

  /**
   * @param method the JSON-RPC method; null for a response or an unparseable message
   * @param modernProtocolVersion {@code _meta["io.modelcontextprotocol/protocolVersion"]}, or null
   * @param inLegacySession the message names a legacy session (HTTP {@code Mcp-Session-Id})
   */
  public static Era select(String method, String modernProtocolVersion, boolean inLegacySession) {
    if (inLegacySession) {
      return Era.LEGACY;
    }
    if (modernProtocolVersion != null) {
      return Era.MODERN;
    }
    return method != null && MODERN_ONLY.contains(method) ? Era.MODERN : Era.LEGACY;
  }

  public static Era select(JsonRpcInspector.Inspected msg, boolean inLegacySession) {
    return select(msg.method(), msg.modernProtocolVersion(), inLegacySession);
  }
}
