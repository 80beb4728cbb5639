package io.itmcp.gateway.tools;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.policy.EffectivePolicy;
import java.util.Map;

/**
 * One of the twelve tools, independent of MCP transport and sandbox runtime: its schema and the
 * pure function from arguments to argv.
 */
public interface ToolDefinition {

  ToolName name();

  /**
   * A short human title for clients' tool lists, e.g. "Ping a host" (the name stays
   * {@code ping_tool}). Every catalog tool overrides it (ToolCatalogTest); the default serves test doubles.
   */
  default String title() {
    return name().mcpName();
  }

  /** Tells the assistant what the tool does and what this policy allows (hosts, directories, commands). */
  String description(EffectivePolicy policy);

  /** JSON Schema of the arguments, with bounds and {@code additionalProperties: false}. */
  Map<String, Object> inputSchema();

  /** Whether the tool reaches the network (MCP annotation openWorldHint). */
  boolean openWorld();

  /**
   * Validates the arguments against the schema and the policy and builds the argv. Throws
   * {@link ToolArgumentException} or {@link io.itmcp.policy.PolicyRefusedException}; runs nothing.
   */
  ToolPlan plan(Map<String, Object> arguments, EffectivePolicy policy);
}
