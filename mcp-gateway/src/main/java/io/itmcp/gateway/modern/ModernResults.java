package io.itmcp.gateway.modern;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway builds tool definitions and results once, in the SDK's legacy schema types; the
 * modern era gets the same values in the modern types (which add {@code resultType}).
 */
final class ModernResults {

  private ModernResults() {}

  static McpSchema.Tool tool(Tool legacy) {
    return McpJsonDefaults.getMapper().convertValue(legacy, McpSchema.Tool.class);
  }

  static McpSchema.CallToolResult result(CallToolResult legacy) {
    List<McpSchema.Content> content = new ArrayList<>();
    for (var c : legacy.content()) {
      if (c instanceof TextContent text) {
        content.add(McpSchema.TextContent.builder(text.text()).build());
      } else {
        throw new IllegalStateException(
            "the gateway returns only text content, got " + c.getClass().getSimpleName());
      }
    }
    McpSchema.CallToolResult.Builder b =
        McpSchema.CallToolResult.builder()
            .content(content)
            .isError(Boolean.TRUE.equals(legacy.isError()));
    if (legacy.structuredContent() != null) {
      b.structuredContent(legacy.structuredContent());
    }
    return b.build();
  }
}
