package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import io.itmcp.gateway.server.ToolResults;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.EffectivePolicy;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A tool's own structuredContent fields: read from the redacted, unfiltered output; a reader that
 * fails leaves a reason instead of the fields; the schema adds the fields without replacing the
 * common ones, and the result carries them beside exitCode and the rest.
 */
class StructuredOutputTest {
  private static final EffectivePolicy POLICY = TestPolicies.builder().build();

  private static Sandbox printing(String stdout) {
    return new Sandbox() {
      @Override
      public ExecResult exec(ExecRequest request, ProgressListener progress) {
        return new ExecResult(0, stdout, "", false, false, 3);
      }

      @Override
      public void close() {}
    };
  }

  private static ToolPlan plan(OutputFilter filter, StructuredOutput reader) {
    return ToolPlan.run(List.of("probe"), ExecTarget.SANDBOX, "x")
        .withOutputFilter(filter)
        .withStructuredOutput(reader);
  }

  @Test
  void theReaderSeesTheRedactedOutputBeforeTheFilter() throws InterruptedException {
    String out = "hop 1\nAuthorization: Bearer abcdefghijklmnopqrstuvwxyz012345\nhop 2\n";
    ToolCallRunner.Outcome o =
        ToolCallRunner.run(
            printing(out),
            plan(stdout -> "summary only\n", r -> Map.of("seen", r.stdout())),
            POLICY,
            ProgressListener.NONE);
    assertThat(o.result().stdout()).isEqualTo("summary only\n");
    assertThat((String) o.structured().get("seen"))
        .contains("hop 1", "hop 2")
        .doesNotContain("abcdefghijklmnopqrstuvwxyz012345");
  }

  @Test
  void aFailingReaderLeavesItsReasonAndTheOutputStands() throws InterruptedException {
    ToolCallRunner.Outcome o =
        ToolCallRunner.run(
            printing("garbage"),
            plan(
                OutputFilter.NONE,
                r -> {
                  throw new IllegalArgumentException("no hop line");
                }),
            POLICY,
            ProgressListener.NONE);
    assertThat(o.result().stdout()).isEqualTo("garbage");
    assertThat(o.structured()).containsOnlyKeys(ToolCallRunner.READ_ERROR);
    assertThat((String) o.structured().get(ToolCallRunner.READ_ERROR))
        .contains("IllegalArgumentException: no hop line");
  }

  @Test
  void plansWithoutAReaderHaveNoOwnFields() throws InterruptedException {
    ToolCallRunner.Outcome o =
        ToolCallRunner.run(
            printing("x"),
            ToolPlan.run(List.of("probe"), ExecTarget.SANDBOX, "x"),
            POLICY,
            ProgressListener.NONE);
    assertThat(o.structured()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSchemaAddsTheToolsFieldsAsOptional() {
    Map<String, Object> schema = ToolResults.outputSchema(Map.of("hops", Map.of("type", "array")));
    Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
    assertThat(properties)
        .containsKeys(
            "exitCode",
            "stdout",
            "stderr",
            "truncated",
            "durationMs",
            "hops",
            ToolCallRunner.READ_ERROR);
    assertThat(schema.get("required")).isEqualTo(ToolResults.OUTPUT_SCHEMA.get("required"));
    assertThat(schema.get("additionalProperties")).isEqualTo(false);
    assertThat(ToolResults.outputSchema(Map.of())).isSameAs(ToolResults.OUTPUT_SCHEMA);
    var validator = new io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator();
    Map<String, Object> common =
        Map.of("exitCode", 0, "stdout", "", "stderr", "", "truncated", false, "durationMs", 1);
    Map<String, Object> good = new java.util.HashMap<>(common);
    good.put("hops", List.of());
    assertThat(validator.validate(schema, good).valid()).isTrue();
    assertThat(validator.validate(schema, common).valid())
        .as("the tool's fields are optional")
        .isTrue();
    Map<String, Object> bad = new java.util.HashMap<>(common);
    bad.put("hops", "not a list");
    assertThat(validator.validate(schema, bad).valid()).isFalse();
    Map<String, Object> unknown = new java.util.HashMap<>(common);
    unknown.put("extra", 1);
    assertThat(validator.validate(schema, unknown).valid()).isFalse();
  }

  @Test
  void aToolFieldCannotReplaceACommonOne() {
    assertThatThrownBy(() -> ToolResults.outputSchema(Map.of("exitCode", Map.of("type", "string"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'exitCode'");
  }

  @Test
  void theResultCarriesTheToolsFieldsBesideTheCommonOnes() {
    CallToolResult r =
        ToolResults.ran(
            new ExecResult(0, "out", "", false, false, 7),
            Map.of("hops", List.of(Map.of("hop", 1)), "exitCode", 99),
            false,
            Optional.empty(),
            1024,
            30);
    Map<String, Object> structured = (Map<String, Object>) r.structuredContent();
    assertThat(structured)
        .containsEntry("exitCode", 0)
        .containsEntry("hops", List.of(Map.of("hop", 1)));
    assertThat(r.isError()).isFalse();
  }
}
