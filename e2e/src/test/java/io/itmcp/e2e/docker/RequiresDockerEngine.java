package io.itmcp.e2e.docker;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Put on every class that needs the engine: without one, each of its tests is reported skipped with
 * the reason (outside CI), or the class fails (with {@code CI=true}), before any fixture starts.
 */
public final class RequiresDockerEngine implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<String> why = DockerEngine.unavailable();
    if (why.isEmpty()) {
      return ConditionEvaluationResult.enabled("a Docker engine answers");
    }
    System.err.println("[itmcp-e2e] " + why.get());
    if (DockerEngine.isCi()) {
      throw new IllegalStateException(why.get() + " (CI=true: these tests must run)");
    }
    return ConditionEvaluationResult.disabled(
        why.get() + " (skipped; set CI=true to make this a failure)");
  }
}
