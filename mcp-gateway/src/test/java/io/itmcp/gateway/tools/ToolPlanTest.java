package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolPlanTest {

  private static final ToolPlan PLAN =
      ToolPlan.run(List.of("ping", "--", "h"), ExecTarget.SANDBOX, "h");

  @Test
  void aPlainPlanRunsOneCommandUnderThePolicysTimeoutWithAllItsOutput() {
    assertThat(PLAN.argv()).containsExactly("ping", "--", "h");
    assertThat(PLAN.target()).isEqualTo(ExecTarget.SANDBOX);
    assertThat(PLAN.auditTarget()).isEqualTo("h");
    assertThat(PLAN.outputFilter()).isSameAs(OutputFilter.NONE);
    assertThat(PLAN.longRunning()).isFalse();
    assertThat(PLAN.guardedPaths()).isEmpty();
    assertThat(PLAN.timeout()).isNull();
    assertThat(PLAN.effectiveTimeout(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(PLAN.endsAtDeadline()).isFalse();
    assertThat(PLAN.structuredOutput()).isSameAs(StructuredOutput.NONE);
    assertThat(PLAN.maxStdoutBytes()).isEqualTo(ExecRequest.NO_STDOUT_LIMIT);
    assertThat(PLAN.context()).isNull();
  }

  @Test
  void eachNamedChangeSetsOnlyWhatItNames() {
    OutputFilter upper = String::toUpperCase;
    StructuredOutput fields = result -> Map.of("k", "v");
    Object context = new Object();

    assertThat(PLAN.withOutputFilter(upper))
        .isEqualTo(
            new ToolPlan(
                PLAN.argv(),
                ExecTarget.SANDBOX,
                "h",
                upper,
                false,
                List.of(),
                null,
                false,
                StructuredOutput.NONE,
                ExecRequest.NO_STDOUT_LIMIT,
                null));
    assertThat(PLAN.withProgress(true))
        .isEqualTo(
            new ToolPlan(
                PLAN.argv(),
                ExecTarget.SANDBOX,
                "h",
                OutputFilter.NONE,
                true,
                List.of(),
                null,
                false,
                StructuredOutput.NONE,
                ExecRequest.NO_STDOUT_LIMIT,
                null));
    assertThat(PLAN.withGuardedPaths(List.of("/var/log/a")))
        .isEqualTo(
            new ToolPlan(
                PLAN.argv(),
                ExecTarget.SANDBOX,
                "h",
                OutputFilter.NONE,
                false,
                List.of("/var/log/a"),
                null,
                false,
                StructuredOutput.NONE,
                ExecRequest.NO_STDOUT_LIMIT,
                null));
    assertThat(PLAN.withTimeout(Duration.ofSeconds(5)))
        .isEqualTo(
            new ToolPlan(
                PLAN.argv(),
                ExecTarget.SANDBOX,
                "h",
                OutputFilter.NONE,
                false,
                List.of(),
                Duration.ofSeconds(5),
                false,
                StructuredOutput.NONE,
                ExecRequest.NO_STDOUT_LIMIT,
                null));
    assertThat(PLAN.withDeadlineAsNormalEnd(true))
        .isEqualTo(
            new ToolPlan(
                PLAN.argv(),
                ExecTarget.SANDBOX,
                "h",
                OutputFilter.NONE,
                false,
                List.of(),
                null,
                true,
                StructuredOutput.NONE,
                ExecRequest.NO_STDOUT_LIMIT,
                null));
    assertThat(PLAN.withStructuredOutput(fields))
        .isEqualTo(
            new ToolPlan(
                PLAN.argv(),
                ExecTarget.SANDBOX,
                "h",
                OutputFilter.NONE,
                false,
                List.of(),
                null,
                false,
                fields,
                ExecRequest.NO_STDOUT_LIMIT,
                null));
    assertThat(PLAN.withStdoutLimit(512))
        .isEqualTo(
            new ToolPlan(
                PLAN.argv(),
                ExecTarget.SANDBOX,
                "h",
                OutputFilter.NONE,
                false,
                List.of(),
                null,
                false,
                StructuredOutput.NONE,
                512,
                null));
    assertThat(PLAN.withContext(context))
        .isEqualTo(
            new ToolPlan(
                PLAN.argv(),
                ExecTarget.SANDBOX,
                "h",
                OutputFilter.NONE,
                false,
                List.of(),
                null,
                false,
                StructuredOutput.NONE,
                ExecRequest.NO_STDOUT_LIMIT,
                context));
  }

  @Test
  void theOwnTimeoutIsBoundedByThePolicys() {
    ToolPlan plan = PLAN.withTimeout(Duration.ofSeconds(90));
    assertThat(plan.effectiveTimeout(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(plan.effectiveTimeout(Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(90));
  }
}
