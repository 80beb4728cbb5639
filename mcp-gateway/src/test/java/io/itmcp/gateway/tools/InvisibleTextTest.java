package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.tools.args.Param;
import io.itmcp.gateway.tools.args.SafeText;
import io.itmcp.gateway.tools.args.ToolParameters;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invisible Unicode is refused in every text argument (the shared argument reader), also outside
 * the Basic Multilingual Plane, with a refusal naming the rule and the code point.
 */
class InvisibleTextTest {

  private static final ToolParameters PARAMS =
      ToolParameters.of(Param.requiredText("pattern", "a pattern"));

  @ParameterizedTest
  @ValueSource(
      ints = {
        0xE0001, 0xE0041, 0xE0067, 0xE007F, // tag characters: an invisible copy of ASCII
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
        0x2069, // bidi embeddings, overrides, isolates
        0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x2060, 0x00AD,
        0x061C, // zero width, marks, BOM, soft hyphen
        0xFE0F, 0xE0100, // variation selectors
        0x3164, 0x115F, // Hangul fillers
        0xE000, 0xF0000, // private use
        0x0000, 0x001B, 0x007F, 0x0085, 0x2028, 0x2029
      })
  void everyInvisibleCodePointIsRefusedNamingTheRuleAndTheCodePoint(int codePoint) {
    String value = "ok" + Character.toString(codePoint) + "ok";
    assertThatThrownBy(() -> PARAMS.read(Map.of("pattern", value)))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessageContaining("'pattern'")
        .hasMessageContaining(String.format("U+%04X", codePoint))
        .hasMessageContaining("rule " + SafeText.VISIBLE_TEXT_RULE)
        .hasMessageContaining("at position 2")
        .hasMessageContaining("only printable text is allowed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"error", "Fehler äöü", "ошибка", "错误", "😀 emoji", "a|b", "x.*y", "tab-free text"})
  void visibleTextOfAnyScriptPasses(String value) {
    assertThat(PARAMS.read(Map.of("pattern", value)).text("pattern")).isEqualTo(value);
  }
}
