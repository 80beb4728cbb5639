package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.ToolArguments;
import io.itmcp.gateway.tools.args.ToolParameters;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared argument reader, without any policy. */
class ToolParametersTest {

  static final ToolParameters PARAMS =
      ToolParameters.of(
          Param.requiredText("target", "host"),
          Param.integer("count", "n", 4, 1, 20),
          Param.flag("follow", "f"),
          Param.optionalChoice("type", "t", List.of("A", "MX")),
          Param.choices("options", "o", List.of("+short", "+tcp")),
          Param.optionalText("filter", "substring").withMaxLength(8).allowingLeadingDash());

  @Test
  void appliesDefaultsAndAcceptsJsonNumberForms() {
    ToolArguments a = PARAMS.read(Map.of("target", "h"));
    assertThat(a.integer("count")).isEqualTo(4);
    assertThat(a.flag("follow")).isFalse();
    assertThat(a.optionalText("type")).isEmpty();
    assertThat(a.choices("options")).isEmpty();
    assertThat(PARAMS.read(Map.of("target", "h", "count", 4.0)).integer("count")).isEqualTo(4);
    assertThat(PARAMS.read(Map.of("target", "h", "count", BigInteger.valueOf(7))).integer("count"))
        .isEqualTo(7);
    assertThat(
            PARAMS.read(Map.of("target", "h", "count", new BigDecimal("20.000"))).integer("count"))
        .isEqualTo(20);
    assertThat(PARAMS.read(Map.of("target", "h", "type", "mx")).text("type")).isEqualTo("MX");
    assertThat(
            PARAMS
                .read(Map.of("target", "h", "options", List.of("+TCP", "+short")))
                .choices("options"))
        .containsExactly("+tcp", "+short");
    assertThat(PARAMS.read(Map.of("target", "h", "filter", "-bash")).optionalText("filter"))
        .contains("-bash");
  }

  @Test
  void refusalsSayWhatIsAllowed() {
    assertThatThrownBy(() -> PARAMS.read(Map.of("target", "h", "count", 21)))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("'count' is 21; allowed: 1 to 20");
    assertThatThrownBy(() -> PARAMS.read(Map.of("target", "h", "bogus", 1)))
        .hasMessageContaining("unknown argument \"bogus\"")
        .hasMessageContaining("target, count, follow, type, options, filter");
    assertThatThrownBy(() -> PARAMS.read(Map.of()))
        .hasMessageContaining("missing required argument 'target'");
    assertThatThrownBy(() -> PARAMS.read(Map.of("target", "-x")))
        .hasMessageContaining("must not start with '-'");
    assertThatThrownBy(() -> PARAMS.read(Map.of("target", "a\u202eb")))
        .hasMessageContaining("U+202E");
    assertThatThrownBy(() -> PARAMS.read(Map.of("target", "h", "filter", "123456789")))
        .hasMessageContaining("at most 8");
    assertThatThrownBy(() -> PARAMS.read(Map.of("target", "h", "follow", "true")))
        .hasMessageContaining("JSON boolean");
    assertThatThrownBy(() -> PARAMS.read(Map.of("target", "h", "type", "ANY")))
        .hasMessageContaining("allowed: A, MX");
    assertThatThrownBy(() -> PARAMS.read(Map.of("target", "\ud800")))
        .hasMessageContaining("unpaired surrogate");
  }

  @Test
  void acceptsAStringThatIsExactlyADecimalIntegerWithinBounds() {
    assertThat(PARAMS.read(Map.of("target", "h", "count", "2")).integer("count")).isEqualTo(2);
    assertThat(PARAMS.read(Map.of("target", "h", "count", "20")).integer("count")).isEqualTo(20);
    assertThatThrownBy(() -> PARAMS.read(Map.of("target", "h", "count", "21")))
        .hasMessage("'count' is 21; allowed: 1 to 20");
    assertThatThrownBy(() -> PARAMS.read(Map.of("target", "h", "count", "0")))
        .hasMessage("'count' is 0; allowed: 1 to 20");
    assertThatThrownBy(() -> PARAMS.read(Map.of("target", "h", "count", "-1")))
        .hasMessage("'count' is -1; allowed: 1 to 20");
  }

  @Test
  void refusesEveryStringThatIsNotExactlyADecimalInteger() {
    for (String notANumber :
        List.of(
            "",
            " 4",
            "4 ",
            "+4",
            "04",
            "4.0",
            "4.",
            "1e1",
            "0x10",
            "four",
            "\u0664",
            "4\n",
            "99999999999",
            "-",
            "--4",
            "4-",
            "\uff14")) {
      assertThatThrownBy(() -> PARAMS.read(Map.of("target", "h", "count", notANumber)))
          .as("%s", notANumber)
          .isInstanceOf(ToolArgumentException.class)
          .hasMessageContaining("'count' must be a whole number, not the string")
          .hasMessageContaining("exactly a decimal integer");
    }
  }

  @Test
  void schemaMirrorsTheDeclarations() {
    Map<String, Object> schema = PARAMS.jsonSchema();
    assertThat(schema)
        .containsEntry("additionalProperties", false)
        .containsEntry("required", List.of("target"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> props =
        (Map<String, Map<String, Object>>) schema.get("properties");
    assertThat(props.get("target"))
        .containsEntry("type", "string")
        .containsEntry("maxLength", 4096)
        .containsEntry("pattern", "^[^-]");
    assertThat(props.get("filter")).doesNotContainKey("pattern");
    assertThat(props.get("count"))
        .containsEntry("minimum", 1)
        .containsEntry("maximum", 20)
        .containsEntry("default", 4);
    assertThat(props.get("options"))
        .containsEntry("type", "array")
        .containsEntry("uniqueItems", true);
  }
}
