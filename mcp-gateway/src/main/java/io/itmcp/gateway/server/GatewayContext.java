package io.itmcp.gateway.server;

import io.itmcp.gateway.auth.Identity;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.Map;
import java.util.Optional;

/** What the HTTP transport hands to tool handlers through the SDK's transport context. */
public final class GatewayContext {

  public static final String IDENTITY_KEY = "io.itmcp/identity";

  private GatewayContext() {
  }

  public static McpTransportContext of(Identity identity) {
    return identity == null ? McpTransportContext.EMPTY : McpTransportContext.create(Map.of(IDENTITY_KEY, identity));
  }

  public static Optional<Identity> identity(McpTransportContext context) {
    if (context == null) {
      return Optional.empty();
    }
    return context.get(IDENTITY_KEY) instanceof Identity id ? Optional.of(id) : Optional.empty();
  }
}
