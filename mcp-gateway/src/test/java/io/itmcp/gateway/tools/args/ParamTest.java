package io.itmcp.gateway.tools.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.gateway.tools.ToolArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each argument kind on its own: the schema a client sees, the bounds read enforces (at both ends),
 * the factories' defaults, and the typed values a tool gets back.
 */
class ParamTest {

  @Test
  void factoriesDeclareWhatTheirNamesSay() {
    Param.Text required = Param.requiredText("target", "host");
    assertThat(required.required()).isTrue();
    assertThat(required.maxLength()).isEqualTo(Param.MAX_TEXT).isEqualTo(4096);
    assertThat(required.dashAllowed()).isFalse();
    Param.Text optional = Param.optionalText("filter", "f");
    assertThat(optional.required()).isFalse();
    assertThat(optional.maxLength()).isEqualTo(4096);
    assertThat(optional.dashAllowed()).isFalse();
    assertThat(optional.defaultValue()).isNull();

    Param.Int count = Param.integer("count", "n", 4, 1, 20);
    assertThat(count.required()).isFalse();
    assertThat(count.defaultValue()).isEqualTo(4);
    Param.Int port = Param.requiredInteger("port", "p", 1, 65535);
    assertThat(port.required()).isTrue();
    assertThat(port.defaultValue()).isNull();

    Param.Bool flag = Param.flag("follow", "f");
    assertThat(flag.required()).isFalse();
    assertThat(flag.defaultValue()).isEqualTo(false);
    assertThat(new Param.Choices("options", "o", List.of("a")).required()).isFalse();
  }

  @Test
  void everySchemaCarriesItsDescription() {
    assertThat(Param.requiredText("target", "the host").schema())
        .containsExactly(
            Map.entry("type", "string"),
            Map.entry("minLength", 1),
            Map.entry("maxLength", 4096),
            Map.entry("pattern", "^[^-]"),
            Map.entry("description", "the host"));
    assertThat(new Param.Text("filter", "sub", false, 8, true).schema())
        .containsExactly(
            Map.entry("type", "string"),
            Map.entry("minLength", 1),
            Map.entry("maxLength", 8),
            Map.entry("description", "sub"));
  }

  @Test
  void integerSchemaShowsBoundsAndTheDefaultOnlyWhenThereIsOne() {
    assertThat(Param.integer("count", "n", 4, 1, 20).schema())
        .containsExactly(
            Map.entry("type", "integer"),
            Map.entry("minimum", 1),
            Map.entry("maximum", 20),
            Map.entry("default", 4),
            Map.entry("description", "n"));
    assertThat(Param.requiredInteger("port", "p", 1, 65535).schema())
        .containsExactly(
            Map.entry("type", "integer"),
            Map.entry("minimum", 1),
            Map.entry("maximum", 65535),
            Map.entry("description", "p"));
  }

  @Test
  void integerAcceptsBothBoundsAndRefusesJustOutside() {
    Param.Int count = Param.integer("count", "n", 4, -2, 20);
    assertThat(count.convert(-2)).isEqualTo(-2);
    assertThat(count.convert(20)).isEqualTo(20);
    assertThat(count.convert("-2")).isEqualTo(-2);
    assertThatThrownBy(() -> count.convert(-3))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("'count' is -3; allowed: -2 to 20");
    assertThatThrownBy(() -> count.convert(21)).hasMessage("'count' is 21; allowed: -2 to 20");
    assertThatThrownBy(() -> count.convert(4_294_967_297L))
        .hasMessage("'count' is 4294967297; allowed: -2 to 20");
  }

  @Test
  void aStringThatIsNotADecimalIntegerIsRefusedWithTheLowerBoundAsExample() {
    Param.Int count = Param.integer("count", "n", 4, 3, 20);
    assertThatThrownBy(() -> count.convert("4.5"))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage(
            "'count' must be a whole number, not the string \"4.5\" (a string is accepted only when it is"
                + " exactly a decimal integer, such as \"3\")");
    assertThat(count.convert("10")).isEqualTo(10);
    assertThatThrownBy(() -> count.convert("9999999999"))
        .hasMessage("'count' is 9999999999; allowed: 3 to 20");
  }

  @Test
  void booleanSchemaAndValues() {
    Param.Bool flag = new Param.Bool("follow", "f", true);
    assertThat(flag.schema())
        .containsExactly(
            Map.entry("type", "boolean"),
            Map.entry("default", true),
            Map.entry("description", "f"));
    assertThat(flag.convert(false)).isEqualTo(false);
    assertThatThrownBy(() -> flag.convert("false"))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("'follow' must be true or false (a JSON boolean), not the string \"false\"");
  }

  @Test
  void choiceSchemaValuesAndRefusal() {
    List<String> declared = new ArrayList<>(List.of("A", "MX"));
    Param.Choice type = new Param.Choice("type", "t", false, declared, "A");
    declared.add("TXT");
    assertThat(type.values()).containsExactly("A", "MX");
    assertThat(type.required()).isFalse();
    assertThat(type.defaultValue()).isEqualTo("A");
    assertThat(type.schema())
        .containsExactly(
            Map.entry("type", "string"),
            Map.entry("enum", List.of("A", "MX")),
            Map.entry("default", "A"),
            Map.entry("description", "t"));
    assertThat(new Param.Choice("type", "t", true, List.of("A"), null).schema())
        .doesNotContainKey("default");
    assertThat(type.convert("mX")).isEqualTo("MX");
    assertThatThrownBy(() -> type.convert("TXT"))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("'type' is \"TXT\"; allowed: A, MX");
    assertThatThrownBy(() -> type.convert(1))
        .hasMessage("'type' must be a string, not the number 1");
  }

  @Test
  void choicesSchemaDefaultAndValues() {
    Param.Choices options =
        new Param.Choices("options", "o", Arrays.asList("+short", "+tcp", "+trace"));
    assertThat(options.defaultValue()).isEqualTo(List.of());
    assertThat(options.schema())
        .containsExactly(
            Map.entry("type", "array"),
            Map.entry(
                "items", Map.of("type", "string", "enum", List.of("+short", "+tcp", "+trace"))),
            Map.entry("uniqueItems", true),
            Map.entry("maxItems", 3),
            Map.entry("description", "o"));
    assertThat(options.convert(List.of("+TRACE", "+short"))).isEqualTo(List.of("+trace", "+short"));
    assertThat(options.convert(List.of())).isEqualTo(List.of());
  }

  @Test
  void choicesRefuseANonListANonStringItemAnUnknownItemAndADuplicate() {
    Param.Choices options = new Param.Choices("options", "o", List.of("+short", "+tcp"));
    assertThatThrownBy(() -> options.convert("+short"))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("'options' must be a list of strings drawn from [+short, +tcp]");
    assertThatThrownBy(() -> options.convert(List.of("+short", 3)))
        .hasMessage("'options' must contain only strings drawn from [+short, +tcp]");
    assertThatThrownBy(() -> options.convert(List.of("+udp")))
        .hasMessage("'options' is \"+udp\"; allowed: +short, +tcp");
    assertThatThrownBy(() -> options.convert(List.of("+tcp", "+TCP")))
        .hasMessage("'options' lists \"+TCP\" twice");
  }

  @Test
  void textConvertsChecksTheLengthAndTheLeadingDash() {
    Param.Text target = new Param.Text("target", "h", true, 3, false);
    assertThat(target.convert("abc")).isEqualTo("abc");
    assertThatThrownBy(() -> target.convert("abcd"))
        .hasMessage("'target' is 4 characters long; at most 3 are allowed");
    assertThatThrownBy(() -> target.convert("-ab"))
        .hasMessageStartingWith("'target' must not start with '-'");
    assertThatThrownBy(() -> target.convert(List.of("a")))
        .hasMessage("'target' must be a string, not a list");
    assertThat(new Param.Text("filter", "f", false, 3, true).convert("-ab")).isEqualTo("-ab");
  }

  @Test
  void readAppliesDefaultsLeavesAbsentOptionalsEmptyAndTypesTheValues() {
    ToolParameters params =
        ToolParameters.of(
            Param.requiredText("target", "h"),
            Param.optionalText("filter", "f"),
            Param.integer("count", "n", 4, 1, 20),
            new Param.Bool("follow", "f", true),
            new Param.Choice("type", "t", false, List.of("A", "MX"), "MX"),
            new Param.Choices("options", "o", List.of("+tcp")));
    ToolArguments defaults = params.read(Map.of("target", "h"));
    assertThat(defaults.text("target")).isEqualTo("h");
    assertThat(defaults.optionalText("filter")).isEmpty();
    assertThatThrownBy(() -> defaults.text("filter"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no value for filter");
    assertThat(defaults.integer("count")).isEqualTo(4);
    assertThat(defaults.flag("follow")).isTrue();
    assertThat(defaults.text("type")).isEqualTo("MX");
    assertThat(defaults.choices("options")).isEmpty();

    Map<String, Object> given =
        new HashMap<>(
            Map.of(
                "target",
                "t",
                "filter",
                "x",
                "count",
                9,
                "follow",
                false,
                "type",
                "a",
                "options",
                List.of("+TCP")));
    ToolArguments read = params.read(given);
    given.clear();
    assertThat(read.optionalText("filter")).contains("x");
    assertThat(read.integer("count")).isEqualTo(9);
    assertThat(read.flag("follow")).isFalse();
    assertThat(read.text("type")).isEqualTo("A");
    assertThat(read.choices("options")).containsExactly("+tcp");
  }

  @Test
  void aNullArgumentMapIsAnEmptyOneAndAnExplicitNullIsAbsent() {
    ToolParameters params = ToolParameters.of(Param.integer("count", "n", 4, 1, 20));
    assertThat(params.read(null).integer("count")).isEqualTo(4);
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("count", null);
    assertThat(params.read(withNull).integer("count")).isEqualTo(4);
    ToolParameters needsTarget =
        ToolParameters.of(Param.requiredText("target", "the host to reach"));
    assertThatThrownBy(() -> needsTarget.read(null))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("missing required argument 'target' (the host to reach)");
  }

  @Test
  void unknownArgumentsAreRefusedListingTheDeclaredOnes() {
    ToolParameters params =
        ToolParameters.of(Param.requiredText("target", "h"), Param.flag("follow", "f"));
    assertThatThrownBy(() -> params.read(Map.of("target", "h", "tar\nget", 1)))
        .isInstanceOf(ToolArgumentException.class)
        .hasMessage("unknown argument \"tar\\u000aget\"; this tool takes: target, follow");
  }

  @Test
  void aParameterDeclaredTwiceIsAProgrammingError() {
    assertThatThrownBy(
            () -> ToolParameters.of(Param.flag("follow", "a"), Param.flag("follow", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate parameter follow");
  }

  @Test
  void schemaListsRequiredInDeclarationOrderAndForbidsOthers() {
    ToolParameters params =
        ToolParameters.of(
            Param.flag("follow", "f"),
            Param.requiredText("target", "h"),
            Param.requiredInteger("port", "p", 1, 2));
    assertThat(params.jsonSchema())
        .containsExactly(
            Map.entry("type", "object"),
            Map.entry(
                "properties",
                Map.of(
                    "follow",
                    Param.flag("follow", "f").schema(),
                    "target",
                    Param.requiredText("target", "h").schema(),
                    "port",
                    Param.requiredInteger("port", "p", 1, 2).schema())),
            Map.entry("required", List.of("target", "port")),
            Map.entry("additionalProperties", false));
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) params.jsonSchema().get("properties");
    assertThat(properties.keySet()).containsExactly("follow", "target", "port");
  }

  @Test
  void namedFactoriesAndTextVariantsChangeOnlyWhatTheySay() {
    Param.Text shorter = Param.requiredText("target", "h").withMaxLength(8);
    assertThat(shorter).isEqualTo(new Param.Text("target", "h", true, 8, false));
    Param.Text dashed = Param.optionalText("filter", "f").allowingLeadingDash();
    assertThat(dashed).isEqualTo(new Param.Text("filter", "f", false, 4096, true));
    assertThat(dashed.convert("-bash")).isEqualTo("-bash");
    assertThat(Param.choice("type", "t", List.of("A", "MX"), "A"))
        .isEqualTo(new Param.Choice("type", "t", false, List.of("A", "MX"), "A"));
    assertThat(Param.optionalChoice("type", "t", List.of("A")))
        .isEqualTo(new Param.Choice("type", "t", false, List.of("A"), null));
    assertThat(Param.choices("options", "o", List.of("+tcp")))
        .isEqualTo(new Param.Choices("options", "o", List.of("+tcp")));
  }
}
