package io.itmcp.gateway.tools;

import io.itmcp.gateway.runtime.ExecResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the caller is shown of a call, before the runner redacts it: the result whose stdout, stderr
 * and exit status make the text and the common structuredContent fields, and the properties the
 * tool adds to structuredContent ({@link ToolDefinition#structuredProperties()}).
 */
public record ToolAnswer(ExecResult result, Map<String, Object> structured) {

  public ToolAnswer {
    structured = structured == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(structured));
  }

  /** The usual answer: the last command's output, its plan's output filter applied to stdout. */
  public static ToolAnswer lastCommand(List<ToolStep> steps) {
    ToolStep last = steps.get(steps.size() - 1);
    ExecResult r = last.result();
    return new ToolAnswer(new ExecResult(r.exitCode(), last.plan().outputFilter().apply(r.stdout()), r.stderr(),
        r.truncated(), r.timedOut(), r.durationMs()), Map.of());
  }
}
