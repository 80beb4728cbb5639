package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each port refusal gives its own reason, so a check that moved or vanished shows in the message.
 */
class PortTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''          | the port is empty",
        "2a          | the port must be decimal digits only",
        "+1          | the port must be decimal digits only",
        "0           | the port is outside 1..65535",
        "00          | the port has a leading zero",
        "022         | the port has a leading zero",
        "65536       | the port is outside 1..65535",
        "99999       | the port is outside 1..65535",
        "100000      | the port is outside 1..65535",
        "99999999999 | the port is outside 1..65535"
      })
  void eachRefusalSaysWhy(String raw, String reason) {
    assertThatThrownBy(() -> Port.parseOrThrow(raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(reason);
    assertThatThrownBy(() -> Port.parse(raw))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessage(
            "refused port '"
                + raw
                + "' because "
                + reason
                + " (rule port.syntax); allowed: "
                + Port.FORMS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "9", "10", "65535"})
  void theBoundsAndOneDigitAreTaken(String raw) {
    assertThat(Port.parse(raw)).isEqualTo(Integer.parseInt(raw));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 65536, -1})
  void aNumericPortOutsideTheRangeSaysSo(int port) {
    assertThatThrownBy(() -> Port.check(port))
        .isInstanceOf(PolicyRefusedException.class)
        .hasMessage(
            "refused port '"
                + port
                + "' because it is outside 1..65535 (rule port.syntax); allowed: "
                + Port.FORMS);
  }
}
