package io.itmcp.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's log in the gateway's format (one implementation, io.itmcp.cli.logging): with
 * {@code --log-format json} or {@code ITMCP_LOG_FORMAT=json} one JSON object per line with the
 * gateway's fields, java.util.logging records included; text lines otherwise.
 */
class OperatorLogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The gateway's fields (its LogFormatTest.JSON_FIELDS). */
  private static final Set<String> JSON_FIELDS =
      Set.of(
          "timestamp", "level", "threadName", "loggerName", "mdc", "formattedMessage", "throwable");

  private static final String TIME =
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";

  @TempDir Path tmp;

  @Test
  void withTheOptionEveryLineIsAJsonObjectWithTheGatewaysFieldsLibraryRecordsIncluded()
      throws Exception {
    assertJsonLines(probe(List.of("--log-format", "json", "run"), null));
  }

  @Test
  void theVariableChoosesJsonToo() throws Exception {
    assertJsonLines(probe(List.of("run"), "json"));
  }

  @Test
  void withoutEitherTheLogIsTheGatewaysTextLines() throws Exception {
    List<String> stderr = probe(List.of("run"), null);

    assertThat(stderr)
        .containsExactly(
            "INFO " + RunCommand.class.getName() + " - reconciling 3 sessions",
            "WARN com.example.library - library says hello",
            "ERROR com.example.library - library failed",
            "java.lang.IllegalStateException: boom")
        .as("each line began with the time; the exception's stack follows it");
  }

  private static void assertJsonLines(List<String> stderr) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : stderr) {
      lines.add(JSON.readTree(line)); // throws on any line that is not one JSON object
    }
    assertThat(lines)
        .hasSize(3)
        .allSatisfy(
            l -> {
              List<String> names = new ArrayList<>();
              l.fieldNames().forEachRemaining(names::add);
              assertThat(names).containsExactlyInAnyOrderElementsOf(JSON_FIELDS);
              assertThat(l.get("timestamp").asLong()).isPositive();
            });
    assertThat(lines.get(0).get("level").asText()).isEqualTo("INFO");
    assertThat(lines.get(0).get("loggerName").asText()).isEqualTo(RunCommand.class.getName());
    assertThat(lines.get(0).get("formattedMessage").asText()).isEqualTo("reconciling 3 sessions");
    assertThat(lines.get(1).get("level").asText()).isEqualTo("WARN");
    assertThat(lines.get(1).get("loggerName").asText()).isEqualTo("com.example.library");
    assertThat(lines.get(1).get("formattedMessage").asText()).isEqualTo("library says hello");
    assertThat(lines.get(2).get("level").asText()).isEqualTo("ERROR");
    assertThat(lines.get(2).at("/throwable/className").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(lines.get(2).at("/throwable/message").asText()).isEqualTo("boom");
  }

  /**
   * Runs {@link LoggingProbe} as a process; its stderr lines, the text lines' leading time removed.
   */
  private List<String> probe(List<String> args, String formatVariable) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a probe that lives for a second: C1 alone, C2 would cost more CPU than it wins
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                LoggingProbe.class.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("ITMCP_LOG_FORMAT");
    builder.environment().remove("ITMCP_LOG_LEVEL");
    if (formatVariable != null) {
      builder.environment().put("ITMCP_LOG_FORMAT", formatVariable);
    }
    Path stdout = tmp.resolve("stdout");
    Path stderr = tmp.resolve("stderr");
    Process p = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS))
        .as("exited (a bound for a machine under load; a start takes 1-2 s idle)")
        .isTrue();
    assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
    assertThat(Files.readString(stdout)).isEmpty();
    List<String> lines = new ArrayList<>();
    Pattern time = Pattern.compile("^" + TIME + " ");
    for (String line : Files.readAllLines(stderr)) {
      if (line.startsWith("{")) {
        lines.add(line);
      } else if (time.matcher(line).find()) {
        lines.add(time.matcher(line).replaceFirst(""));
      } else if (!line.startsWith("\tat ")) {
        lines.add(line);
      }
    }
    return lines;
  }
}
