package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusalTest {

  @Test
  void rendersOneLineNamingRuleAndAllowList() {
    Refusal r =
        Refusal.of(
            "host", "10.0.0.9", null, "allowedHosts", "the hosts db.example.com, 10.0.0.0/24:443");
    assertThat(r.message())
        .isEqualTo(
            "refused host '10.0.0.9' (rule allowedHosts); allowed: the hosts db.example.com, 10.0.0.0/24:443");
  }

  @Test
  void escapesControlAndInvisibleCharactersAndQuotes() {
    Refusal r = Refusal.of("path", "/a\nb\u0000c\u202e'\\", "it is odd", "path.syntax", "x\ry");
    assertThat(r.message())
        .isEqualTo(
            "refused path '/a\\nb\\0c\\u202E\\'\\\\' because it is odd (rule path.syntax); allowed: x\\ry");
  }

  @Test
  void capsLongValues() {
    String quoted = Refusal.quote("a".repeat(500));
    assertThat(quoted)
        .startsWith("'" + "a".repeat(Refusal.MAX_QUOTED_CODE_POINTS) + "'")
        .endsWith("(380 more characters)");
  }

  @Test
  void capDoesNotSplitSurrogatePairs() {
    String quoted = Refusal.quote("\uD83D\uDE00".repeat(200));
    assertThat(quoted).contains("(80 more characters)");
    assertThat(quoted.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE))
        .isTrue();
  }

  @Test
  void messageSurvivesNullParts() {
    assertThat(new Refusal(null, null, null).message()).isEqualTo("refused - (rule -)");
  }
}
