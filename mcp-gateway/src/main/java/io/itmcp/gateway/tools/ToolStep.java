package io.itmcp.gateway.tools;

import io.itmcp.gateway.runtime.ExecResult;

/**
 * One command of a call and what it returned, before redaction: for the tool's own reading ({@link
 * ToolDefinition#next}, {@link ToolDefinition#answer}); the caller only ever sees the tool's answer
 * after the runner has redacted it.
 */
public record ToolStep(ToolPlan plan, ExecResult result) {}
