package io.itmcp.gateway.tools.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.tools.ToolArgumentException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every JSON number form a decoder may hand over, and how each refused value is described. */
class JsonValuesTest {

  private static final Param COUNT = Param.integer("count", "n", 4, 1, 20);

  @Test
  void everyIntegralBoxedTypeIsItsValue() {
    assertThat(JsonValues.wholeNumber(COUNT, 7)).isEqualTo(7L);
    assertThat(JsonValues.wholeNumber(COUNT, 8_000_000_000L)).isEqualTo(8_000_000_000L);
    assertThat(JsonValues.wholeNumber(COUNT, (short) -3)).isEqualTo(-3L);
    assertThat(JsonValues.wholeNumber(COUNT, (byte) 5)).isEqualTo(5L);
  }

  @Test
  void exactFractionalFormsWithoutAFractionAreWholeNumbers() {
    assertThat(JsonValues.wholeNumber(COUNT, BigInteger.valueOf(-9))).isEqualTo(-9L);
    assertThat(JsonValues.wholeNumber(COUNT, new BigDecimal("12.000"))).isEqualTo(12L);
    assertThat(JsonValues.wholeNumber(COUNT, new BigDecimal("1E+2"))).isEqualTo(100L);
    assertThat(JsonValues.wholeNumber(COUNT, 6.0d)).isEqualTo(6L);
    assertThat(JsonValues.wholeNumber(COUNT, 3.0f)).isEqualTo(3L);
  }

  @Test
  void aFractionIsRefusedShowingTheExactValue() {
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, 2.5d))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("'count' must be a whole number within range, not 2.5");
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, 0.5f))
        .hasMessage("'count' must be a whole number within range, not 0.5");
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, new BigDecimal("4.01")))
        .hasMessage("'count' must be a whole number within range, not 4.01");
  }

  @Test
  void aWholeNumberBeyondALongIsRefusedShowingItInFull() {
    BigInteger tooBig = BigInteger.TWO.pow(63);
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, tooBig))
        .hasMessage("'count' must be a whole number within range, not 9223372036854775808");
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, 1e300))
        .hasMessageStartingWith("'count' must be a whole number within range, not 1000000000");
  }

  @Test
  void nanAndInfinitiesAreRefusedByName() {
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, Double.NaN))
        .hasMessage("'count' must be a whole number, not NaN");
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, Double.POSITIVE_INFINITY))
        .hasMessage("'count' must be a whole number, not Infinity");
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, Float.NEGATIVE_INFINITY))
        .hasMessage("'count' must be a whole number, not -Infinity");
  }

  @Test
  void nonNumbersAreRefusedSayingWhatTheyAre() {
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, true))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("'count' must be a whole number, not a boolean");
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, List.of(1)))
        .hasMessage("'count' must be a whole number, not a list");
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, Map.of("a", 1)))
        .hasMessage("'count' must be a whole number, not an object");
    assertThatThrownBy(() -> JsonValues.wholeNumber(COUNT, 'c'))
        .hasMessage("'count' must be a whole number, not a Character");
  }

  @Test
  void describeNamesEachJsonKind() {
    assertThat(JsonValues.describe("a\nb")).isEqualTo("the string \"a\\u000ab\"");
    assertThat(JsonValues.describe(false)).isEqualTo("a boolean");
    assertThat(JsonValues.describe(4.5)).isEqualTo("the number 4.5");
    assertThat(JsonValues.describe(List.of())).isEqualTo("a list");
    assertThat(JsonValues.describe(Map.of())).isEqualTo("an object");
    assertThat(JsonValues.describe(new Object())).isEqualTo("a Object");
  }

  @Test
  void requireReturnsTheValueOrSaysWhatWasExpectedAndWhatCame() {
    Param target = Param.requiredText("target", "host");
    assertThat(JsonValues.require(target, "h", String.class, "a string")).isEqualTo("h");
    assertThatThrownBy(() -> JsonValues.require(target, 12, String.class, "a string"))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("'target' must be a string, not the number 12");
  }
}
