package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Binding errors in the policy's own words: the field path and what the field takes, no Java names.
 */
class PolicyBindingErrorsTest {

  private static final String HEADER =
      "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\nmetadata:\n  name: p\n";

  enum Colour {
    RED,
    DARK_GREEN
  }

  @Test
  void eachJavaTypeIsNamedAsAPolicyAuthorWritesIt() {
    assertThat(PolicyBindingErrors.expected(List.class))
        .isEqualTo("a list (write [a, b] or one '- item' per line)");
    assertThat(PolicyBindingErrors.expected(ArrayList.class))
        .isEqualTo("a list (write [a, b] or one '- item' per line)");
    assertThat(PolicyBindingErrors.expected(Set.class))
        .isEqualTo("a list (write [a, b] or one '- item' per line)");
    assertThat(PolicyBindingErrors.expected(Map.class)).isEqualTo("a mapping (key: value lines)");
    assertThat(PolicyBindingErrors.expected(TreeMap.class))
        .isEqualTo("a mapping (key: value lines)");
    for (Class<?> number : List.of(Integer.class, int.class, Long.class, long.class)) {
      assertThat(PolicyBindingErrors.expected(number))
          .as(number.getName())
          .isEqualTo("a whole number");
    }
    assertThat(PolicyBindingErrors.expected(Boolean.class)).isEqualTo("true or false");
    assertThat(PolicyBindingErrors.expected(boolean.class)).isEqualTo("true or false");
    assertThat(PolicyBindingErrors.expected(String.class)).isEqualTo("a text value");
    assertThat(PolicyBindingErrors.expected(Colour.class)).isEqualTo("one of [red, dark_green]");
    assertThat(PolicyBindingErrors.expected(ItmcpPolicy.class))
        .isEqualTo("a mapping of the fields of ItmcpPolicy");
    assertThat(PolicyBindingErrors.expected(Double.class))
        .isEqualTo("a mapping of the fields of Double");
  }

  @Test
  void theFirstElementOfAListIsNamedByItsIndex() {
    assertThatThrownBy(
            () ->
                PolicyLoader.fromYamlString(HEADER + "spec:\n  allowedHosts: [[a.example.com]]\n"))
        .hasMessage("policy: spec.allowedHosts[0]: expected a text value");
  }

  @Test
  void theNearestFieldIsSuggestedAndTiesGoToTheAlphabeticallyFirst() {
    assertThat(PolicyBindingErrors.suggest("host", List.of("hosts", "best", "ghost")))
        .contains("ghost");
    assertThat(PolicyBindingErrors.suggest("host", List.of("best", "hosts"))).contains("hosts");
    assertThat(PolicyBindingErrors.suggest("HOSTS", List.of("hosts"))).contains("hosts");
    assertThat(PolicyBindingErrors.suggest("host", List.of("bust")))
        .as("two edits")
        .contains("bust");
    assertThat(PolicyBindingErrors.suggest("host", List.of("busy"))).as("three edits").isEmpty();
    assertThat(PolicyBindingErrors.suggest(null, List.of("hosts"))).isEmpty();
  }

  @Test
  void anyOtherMappingErrorLosesItsJavaNames() {
    JsonMappingException e =
        new JsonMappingException(
            null,
            "Cannot construct instance of "
                + "io.itmcp.api.v1alpha1.ItmcpPolicySpec from java.util.ArrayList (class io.itmcp.api.v1alpha1.ItmcpPolicySpec)");
    assertThat(PolicyBindingErrors.describe(e))
        .isEqualTo("(document): Cannot construct instance of ItmcpPolicySpec from ArrayList");
    assertThat(PolicyBindingErrors.describe(new JsonMappingException(null, (String) null)))
        .isEqualTo("(document): invalid value");
  }
}
