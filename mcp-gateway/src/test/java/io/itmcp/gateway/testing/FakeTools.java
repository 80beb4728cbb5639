package io.itmcp.gateway.testing;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.tools.ToolArgumentException;
import io.itmcp.gateway.tools.ToolDefinition;
import io.itmcp.gateway.tools.ToolPlan;
import io.itmcp.policy.EffectivePolicy;
import java.util.List;
import java.util.Map;

/**
 * Test-only tool definitions standing in for the real catalog: enough schema and refusals to test
 * the transports, auth, sessions and audit around them.
 */
public final class FakeTools {

  private FakeTools() {}

  /** {@code cat_tool}: cat FILE; refuses option-looking values and anything under /forbidden. */
  public static ToolDefinition cat() {
    return new ToolDefinition() {
      @Override
      public ToolName name() {
        return ToolName.CAT;
      }

      @Override
      public String description(EffectivePolicy policy) {
        return "Reads a file (test tool)";
      }

      @Override
      public Map<String, Object> inputSchema() {
        return Map.of(
            "type",
            "object",
            "properties",
            Map.of("file_path", Map.of("type", "string", "maxLength", 4096)),
            "required",
            List.of("file_path"),
            "additionalProperties",
            false);
      }

      @Override
      public boolean openWorld() {
        return false;
      }

      @Override
      public ToolPlan plan(Map<String, Object> arguments, EffectivePolicy policy) {
        if (!(arguments.get("file_path") instanceof String path)) {
          throw new ToolArgumentException("file_path is required and must be a string");
        }
        if (arguments.size() != 1) {
          throw new ToolArgumentException("unknown argument(s): " + arguments.keySet());
        }
        if (path.startsWith("-")) {
          throw new ToolArgumentException(
              "refused '" + path + "': file_path would be read as an option");
        }
        if (path.startsWith("/forbidden")) {
          throw new ToolArgumentException(
              "refused '" + path + "': path.outsideAllowedDirectories; allowed: /tmp");
        }
        // no paths to re-check: the sandbox-side symlink re-check belongs to the real file tools
        return ToolPlan.run(List.of("cat", "--", path), ExecTarget.SANDBOX, path);
      }
    };
  }

  /**
   * {@code ping_tool} stand-in: sleeps {@code count} seconds (a long-running tool with progress).
   */
  public static ToolDefinition sleeper() {
    return new ToolDefinition() {
      @Override
      public ToolName name() {
        return ToolName.PING;
      }

      @Override
      public String description(EffectivePolicy policy) {
        return "Sleeps (test tool standing in for a long-running one)";
      }

      @Override
      public Map<String, Object> inputSchema() {
        return Map.of(
            "type",
            "object",
            "properties",
            Map.of(
                "target",
                Map.of("type", "string"),
                "count",
                Map.of("type", "integer", "minimum", 1, "maximum", 20)),
            "required",
            List.of("target"),
            "additionalProperties",
            false);
      }

      @Override
      public boolean openWorld() {
        return true;
      }

      @Override
      public ToolPlan plan(Map<String, Object> arguments, EffectivePolicy policy) {
        Object count = arguments.getOrDefault("count", 1);
        if (!(count instanceof Number n) || n.intValue() < 1 || n.intValue() > 20) {
          throw new ToolArgumentException("count must be an integer 1..20");
        }
        return ToolPlan.run(
                List.of("sleep", Integer.toString(n.intValue())),
                ExecTarget.SANDBOX,
                String.valueOf(arguments.get("target")))
            .withProgress(true);
      }
    };
  }

  /** {@code ssh_tool}: listed in the test catalog but not enabled by the default test policy. */
  public static ToolDefinition disabledSsh() {
    return new ToolDefinition() {
      @Override
      public ToolName name() {
        return ToolName.SSH;
      }

      @Override
      public String description(EffectivePolicy policy) {
        return "ssh (test)";
      }

      @Override
      public Map<String, Object> inputSchema() {
        return Map.of("type", "object", "properties", Map.of(), "additionalProperties", false);
      }

      @Override
      public boolean openWorld() {
        return true;
      }

      @Override
      public ToolPlan plan(Map<String, Object> arguments, EffectivePolicy policy) {
        throw new AssertionError("a disabled tool must never be planned");
      }
    };
  }

  public static List<ToolDefinition> catalog() {
    return List.of(disabledSsh(), sleeper(), cat());
  }
}
