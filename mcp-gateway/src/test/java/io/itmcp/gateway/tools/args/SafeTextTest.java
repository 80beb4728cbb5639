package io.itmcp.gateway.tools.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.tools.ToolArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The string check every argument passes, at its edges: the exact length bound, each kind of
 * unpaired surrogate, each invisible category and range bound, positions after characters outside
 * the Basic Multilingual Plane, and the quoting of refused values.
 */
class SafeTextTest {

  @Test
  void refusesTheEmptyStringNamingTheField() {
    assertThatThrownBy(() -> SafeText.check("target", "", 10))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("'target' must not be empty");
  }

  @Test
  void acceptsExactlyMaxLengthAndRefusesOneMoreSayingBothLengths() {
    assertThat(SafeText.check("target", "abcd", 4)).isEqualTo("abcd");
    assertThatThrownBy(() -> SafeText.check("target", "abcde", 4))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("'target' is 5 characters long; at most 4 are allowed");
  }

  @Test
  void aSurrogatePairIsOneVisibleCharacter() {
    assertThat(SafeText.check("pattern", "a\uD83D\uDE00b", 10)).isEqualTo("a\uD83D\uDE00b");
    assertThat(SafeText.check("pattern", "\uD83D\uDE00", 2)).isEqualTo("\uD83D\uDE00");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\uD83D", "a\uD83Db", "a\uDE00", "a\uDE00\uD83D", "a\uD83D\uD83D"})
  void refusesEveryUnpairedSurrogateAtItsPosition(String value) {
    assertThatThrownBy(() -> SafeText.check("pattern", value, 10))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage(
            "'pattern' contains an unpaired surrogate at position 1 (rule arguments.visibleText);"
                + " only well-formed printable text is allowed");
  }

  @Test
  void namesTheCodePointItsNameThePositionAndTheRule() {
    assertThatThrownBy(() -> SafeText.check("pattern", "ab\u202Ec", 10))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage(
            "'pattern' contains the control or invisible character U+202E RIGHT-TO-LEFT OVERRIDE at position 2"
                + " (rule arguments.visibleText); only printable text is allowed");
  }

  @Test
  void anUnassignedCodePointHasNoNameToShow() {
    assertThatThrownBy(() -> SafeText.check("pattern", "a\u0378", 10))
        .hasMessage(
            "'pattern' contains the control or invisible character U+0378 at position 1"
                + " (rule arguments.visibleText); only printable text is allowed");
  }

  @Test
  void positionsCountCharsSoACharacterOutsideTheBmpCountsTwo() {
    assertThatThrownBy(() -> SafeText.check("pattern", "\uD83D\uDE00\u200B", 10))
        .hasMessageContaining("U+200B ZERO WIDTH SPACE at position 2");
    assertThatThrownBy(() -> SafeText.check("pattern", "a\uDB40\uDC41", 10))
        .hasMessageContaining("U+E0041 TAG LATIN CAPITAL LETTER A at position 1");
  }

  /** One code point of each refused category, and both ends of each refused range. */
  @ParameterizedTest
  @ValueSource(
      ints = {
        0x0009, // CONTROL
        0x200B, // FORMAT
        0x2028, // LINE_SEPARATOR
        0x2029, // PARAGRAPH_SEPARATOR
        0xE000, // PRIVATE_USE
        0x0378, // UNASSIGNED
        0xFE00, 0xFE0F, // variation selectors (non-spacing marks, refused by range)
        0xE0100, 0xE01EF, // variation selectors supplement
        0x115F, 0x1160, 0x3164, 0xFFA0
      }) // Hangul fillers (letters that render as nothing)
  void everyRefusedCategoryAndRangeEndIsInvisible(int codePoint) {
    assertThat(SafeText.invisible(codePoint)).as("U+%04X", codePoint).isTrue();
    String value = "x" + Character.toString(codePoint);
    assertThatThrownBy(() -> SafeText.check("pattern", value, 10))
        .hasMessageContaining(String.format("U+%04X", codePoint))
        .hasMessageContaining("at position 1");
  }

  /**
   * The neighbours just outside each refused range, and ordinary marks and letters, stay visible.
   */
  @ParameterizedTest
  @ValueSource(
      ints = {
        'a', ' ', '~', 0x00E9, 0x0301, 0xFE10, 0xFE20, 0x115E, 0x1161, 0x3163, 0x3165, 0xFF9F,
        0xFFA1, 0x1F600
      })
  void neighboursOfTheRefusedRangesAreVisible(int codePoint) {
    assertThat(SafeText.invisible(codePoint)).as("U+%04X", codePoint).isFalse();
    String value = "x" + Character.toString(codePoint);
    assertThat(SafeText.check("pattern", value, 10)).isEqualTo(value);
  }

  @Test
  void notOptionRefusesALeadingDashOnlyQuotingTheValue() {
    assertThat(SafeText.notOption("target", "a-b")).isEqualTo("a-b");
    assertThatThrownBy(() -> SafeText.notOption("target", "-oProxyCommand=x"))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage(
            "'target' must not start with '-' (it would be read as an option): \"-oProxyCommand=x\"");
  }

  @Test
  void quoteEscapesControlsDeleteFormatAndSurrogatesButNotSpaceOrVisibleText() {
    assertThat(SafeText.quote("a b~é")).isEqualTo("\"a b~é\"");
    assertThat(SafeText.quote("a\nb\u001f\u007f\u202e\uD83D"))
        .isEqualTo("\"a\\u000ab\\u001f\\u007f\\u202e\\ud83d\"");
    assertThat(SafeText.quote("")).isEqualTo("\"\"");
  }

  @Test
  void quoteKeepsEightyCharactersAndMarksACut() {
    String eighty = "x".repeat(80);
    assertThat(SafeText.quote(eighty)).isEqualTo("\"" + eighty + "\"");
    assertThat(SafeText.quote(eighty + "yz")).isEqualTo("\"" + eighty + "...\"");
  }
}
