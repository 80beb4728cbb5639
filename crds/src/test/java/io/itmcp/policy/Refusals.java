package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Assertions shared by the policy tests: a refusal is one readable line naming rule and allow-list.
 */
final class Refusals {

  private Refusals() {}

  static Refusal assertRefused(ThrowingCallable call, String rule, String... mentions) {
    PolicyRefusedException e = catchThrowableOfType(PolicyRefusedException.class, call);
    assertThat(e).as("expected a refusal with rule %s", rule).isNotNull();
    Refusal refusal = e.refusal();
    assertThat(refusal.rule()).isEqualTo(rule);
    String message = refusal.message();
    assertThat(message)
        .isEqualTo(e.getMessage())
        .startsWith("refused ")
        .contains("(rule " + rule + ")");
    assertThat(
            message
                .codePoints()
                .noneMatch(cp -> Character.isISOControl(cp) || Refusal.isInvisible(cp)))
        .as("one line without control characters: %s", message)
        .isTrue();
    assertThat(message.length()).as("message capped: %s", message).isLessThan(1200);
    for (String mention : mentions) {
      assertThat(message).contains(mention);
    }
    return refusal;
  }
}
