package io.itmcp.gateway.tools;

import io.itmcp.gateway.audit.SecretRedactor;
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
    structured =
        structured == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(structured));
  }

  /**
   * The usual answer: the last command's output, its plan's output filter applied to stdout, and
   * its plan's {@link StructuredOutput} reading the redacted output before the filter (a reader
   * that fails leaves {@link ToolCallRunner#READ_ERROR} instead of guessed fields).
   */
  public static ToolAnswer lastCommand(List<ToolStep> steps) {
    ToolStep last = steps.get(steps.size() - 1);
    ExecResult r = last.result();
    ExecResult shown =
        new ExecResult(
            r.exitCode(),
            last.plan().outputFilter().apply(r.stdout()),
            r.stderr(),
            r.truncated(),
            r.timedOut(),
            r.durationMs());
    StructuredOutput reader = last.plan().structuredOutput();
    if (reader == StructuredOutput.NONE) {
      return new ToolAnswer(shown, Map.of());
    }
    ExecResult redacted =
        new ExecResult(
            r.exitCode(),
            SecretRedactor.redactText(r.stdout()),
            SecretRedactor.redactText(r.stderr()),
            r.truncated(),
            r.timedOut(),
            r.durationMs());
    return new ToolAnswer(shown, read(reader, redacted));
  }

  private static Map<String, Object> read(StructuredOutput reader, ExecResult result) {
    try {
      return reader.read(result);
    } catch (RuntimeException e) {
      // the command ran and its output is still returned; only the typed reading of it is missing
      return Map.of(
          ToolCallRunner.READ_ERROR,
          "the output could not be read into fields: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }
}
