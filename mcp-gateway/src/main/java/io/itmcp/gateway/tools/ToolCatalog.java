package io.itmcp.gateway.tools;

import java.util.List;

/** Every tool the gateway knows, in the order they are listed to clients. */
public final class ToolCatalog {

  private ToolCatalog() {
  }

  public static List<ToolDefinition> all() {
    return List.of();
  }
}
