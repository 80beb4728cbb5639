package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Arguments that start with {@code serve} get a command line with serve's model only (the start of
 * a stdio gateway does not build audit's and validate's); it must parse, refuse and help exactly as
 * the whole command line does.
 */
class MainCommandLineTest {

  private static CommandLine forArgs(String... args) {
    return Main.commandLine(null, false, List.of(args));
  }

  @Test
  void serveArgumentsGetServeAloneAndAnythingElseEveryCommand() {
    assertThat(forArgs("serve", "--stdio").getSubcommands()).containsOnlyKeys("serve");
    assertThat(forArgs("--help").getSubcommands()).containsOnlyKeys("serve", "audit", "validate");
    assertThat(forArgs("--log-format", "json", "serve").getSubcommands())
        .containsOnlyKeys("serve", "audit", "validate");
    assertThat(Main.commandLine().getSubcommands()).containsOnlyKeys("serve", "audit", "validate");
  }

  @Test
  void serveHelpIsTheSameText() {
    assertThat(forArgs("serve", "--help").getSubcommands().get("serve").getUsageMessage())
        .isEqualTo(Main.commandLine().getSubcommands().get("serve").getUsageMessage())
        .contains("--stdio")
        .contains("--log-format");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "serve --stdio --policy p.yaml",
        "serve --stdio --policy p.yaml --audit-log a.jsonl --allow-unsandboxed",
        "serve --stdio --log-format json --policy p.yaml",
        "serve --http 127.0.0.1:8080 --tokens t.txt --runtime kubernetes --auth tokenreview",
        "serve -h",
        "serve --version"
      })
  void serveArgumentsParseToTheSameOptionValues(String line) {
    String[] args = line.split(" ");
    assertThat(matched(forArgs(args).parseArgs(args)))
        .isEqualTo(matched(Main.commandLine().parseArgs(args)))
        .isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve --bogus", "serve --stdio --http", "serve --log-format yaml"})
  void serveArgumentsAreRefusedWithTheSameMessage(String line) {
    String[] args = line.split(" ");
    String whole = refusal(Main.commandLine(), args);
    assertThat(refusal(forArgs(args), args)).isEqualTo(whole).isNotBlank();
  }

  /** Option name to value, of the serve subcommand's matched options. */
  private static Map<String, String> matched(CommandLine.ParseResult result) {
    Map<String, String> values = new TreeMap<>();
    for (OptionSpec o : result.subcommand().matchedOptions()) {
      values.put(o.longestName(), String.valueOf((Object) o.getValue()));
    }
    return values;
  }

  private static String refusal(CommandLine commandLine, String[] args) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(() -> commandLine.parseArgs(args))
        .isInstanceOf(CommandLine.ParameterException.class)
        .satisfies(e -> thrown[0] = e);
    return thrown[0].getMessage();
  }
}
