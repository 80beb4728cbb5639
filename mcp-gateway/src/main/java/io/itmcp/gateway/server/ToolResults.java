package io.itmcp.gateway.server;

import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.tools.OrderedMaps;
import io.itmcp.gateway.tools.ToolCallRunner;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds tool results: what ran (text + structuredContent), or why nothing ran (isError, text
 * only).
 */
public final class ToolResults {

  /** The outputSchema every tool declares; structuredContent always matches it. */
  public static final Map<String, Object> OUTPUT_SCHEMA =
      OrderedMaps.of(
          "type",
          "object",
          "properties",
          OrderedMaps.of(
              "exitCode",
                  OrderedMaps.of(
                      "type",
                      "integer",
                      "description",
                      "exit status; -1 when killed (deadline or cancellation)"),
              "stdout", OrderedMaps.of("type", "string"),
              "stderr", OrderedMaps.of("type", "string"),
              "truncated",
                  OrderedMaps.of(
                      "type", "boolean", "description", "output was cut at limits.maxOutputBytes"),
              "durationMs", OrderedMaps.of("type", "integer")),
          "required",
          List.of("exitCode", "stdout", "stderr", "truncated", "durationMs"),
          "additionalProperties",
          false);

  private ToolResults() {}

  /**
   * The outputSchema of a tool: {@link #OUTPUT_SCHEMA} plus the tool's own optional fields, and
   * {@value ToolCallRunner#READ_ERROR} for a tool that has any.
   */
  public static Map<String, Object> outputSchema(Map<String, Object> toolProperties) {
    if (toolProperties.isEmpty()) {
      return OUTPUT_SCHEMA;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> properties =
        new LinkedHashMap<>((Map<String, Object>) OUTPUT_SCHEMA.get("properties"));
    toolProperties.forEach(
        (name, schema) -> {
          if (properties.containsKey(name) || name.equals(ToolCallRunner.READ_ERROR)) {
            throw new IllegalStateException(
                "a tool's structured field '" + name + "' would replace a common one");
          }
          properties.put(name, schema);
        });
    properties.put(
        ToolCallRunner.READ_ERROR,
        OrderedMaps.of(
            "type",
            "string",
            "description",
            "why the tool's own fields could not be read from its output (they are then absent)"));
    Map<String, Object> schema = new LinkedHashMap<>(OUTPUT_SCHEMA);
    schema.put("properties", properties);
    return schema;
  }

  /**
   * What ran. {@code failureToRun} (the tool's own reading of its exit status) makes the result an
   * error, as does a deadline that was not the call's normal end; an answer the caller may not like
   * (no ping reply, a closed port, no grep match) is not an error.
   */
  public static CallToolResult ran(
      ExecResult r,
      boolean deadlineIsError,
      Optional<String> failureToRun,
      long maxOutputBytes,
      long deadlineSeconds) {
    return ran(r, OrderedMaps.of(), deadlineIsError, failureToRun, maxOutputBytes, deadlineSeconds);
  }

  /**
   * As above, with the tool's own structuredContent fields ({@link
   * ToolCallRunner.Outcome#structured()}).
   */
  public static CallToolResult ran(
      ExecResult r,
      Map<String, Object> toolFields,
      boolean deadlineIsError,
      Optional<String> failureToRun,
      long maxOutputBytes,
      long deadlineSeconds) {
    String stdout = r.stdout();
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("exitCode", r.exitCode());
    structured.put("stdout", stdout);
    structured.put("stderr", r.stderr());
    structured.put("truncated", r.truncated());
    structured.put("durationMs", r.durationMs());
    toolFields.forEach(structured::putIfAbsent);
    StringBuilder text = new StringBuilder(stdout);
    if (!r.stderr().isEmpty()) {
      if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
        text.append('\n');
      }
      text.append("[stderr]\n").append(r.stderr());
    }
    if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
      text.append('\n');
    }
    text.append("[exit code ")
        .append(r.exitCode())
        .append(", ")
        .append(r.durationMs())
        .append(" ms");
    if (r.timedOut()) {
      text.append(deadlineIsError ? ", killed at the " : ", ended at its ")
          .append(deadlineSeconds)
          .append("s deadline")
          .append(deadlineIsError ? " (limits.toolTimeoutSeconds or the tool's timeout)" : "");
    }
    if (r.truncated()) {
      text.append(", output truncated at ")
          .append(maxOutputBytes)
          .append(" bytes (limits.maxOutputBytes)");
    }
    failureToRun.ifPresent(why -> text.append(", could not run: ").append(why));
    text.append(']');
    return CallToolResult.builder()
        .addTextContent(text.toString())
        .structuredContent(structured)
        .isError(deadlineIsError || failureToRun.isPresent())
        .build();
  }

  /**
   * Nothing ran (or it was stopped): a message a person or an AI can act on, never a stack trace.
   */
  public static CallToolResult error(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }
}
