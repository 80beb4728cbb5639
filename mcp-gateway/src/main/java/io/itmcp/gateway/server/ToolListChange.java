package io.itmcp.gateway.server;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tells a legacy server's sessions that the tools changed after a policy edit: the descriptions
 * that name what the policy allows are rewritten, and the sessions get {@code
 * notifications/tools/list_changed}. Used by the cluster runtime (an ItmcpPolicy edited) and the
 * local one (the policy file reloaded).
 */
public final class ToolListChange {

  private ToolListChange() {}

  /**
   * Replaces each tool whose description changed under {@code described}'s policy. The SDK notifies
   * the sessions once per replaced tool (a server built with {@code tools.listChanged}); when no
   * description changed (a tool was only enabled or disabled, which the list filter decides), it is
   * notified once here.
   */
  public static void announce(McpSyncServer server, McpServerFactory described) {
    Map<String, Tool> before =
        server.listTools().stream()
            .collect(Collectors.toMap(Tool::name, Function.identity(), (a, b) -> b));
    List<SyncToolSpecification> changed =
        described.toolSpecifications().stream()
            .filter(spec -> !Objects.equals(before.get(spec.tool().name()), spec.tool()))
            .toList();
    changed.forEach(server::addTool);
    if (changed.isEmpty()) {
      server.notifyToolsListChanged();
    }
  }
}
