package io.itmcp.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.server.InFlightCalls;
import io.itmcp.gateway.server.ToolListChanges;
import io.itmcp.gateway.session.SessionRegistry;
import io.itmcp.gateway.testing.MemoryAuditSink;
import io.itmcp.gateway.testing.ProcessSandboxRuntime;
import io.itmcp.gateway.testing.StdioGatewayFixture;
import io.itmcp.gateway.testing.TestPolicies;
import io.itmcp.policy.EffectivePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stdio gateway's first line answered before its servers exist: the client sees exactly what it
 * saw when the legacy server answered (one answer, byte for byte), and any first line the early
 * answer is not sure of is left to the servers.
 */
class EarlyInitializeTest {

  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

  private static String initialize(String id, String protocolVersion) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + protocolVersion
        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  }

  static Stream<Arguments> answeredEarly() {
    return Stream.of(
        Arguments.of(List.of(initialize("\"init\"", "2025-06-18"), INITIALIZED, LIST)),
        Arguments.of(List.of(initialize("7", "2024-11-05"), INITIALIZED, LIST)),
        // a version the gateway does not speak: the server offers its latest
        Arguments.of(List.of(initialize("1", "1999-01-01"), INITIALIZED, LIST)),
        // the server's own answer is withheld by its id: "2" is not 2
        Arguments.of(List.of(initialize("\"2\"", "2025-06-18"), INITIALIZED, LIST)));
  }

  static Stream<Arguments> leftToTheServers() {
    return Stream.of(Arguments.of(List.of(INITIALIZED, initialize("1", "2025-06-18"), LIST)));
  }

  @ParameterizedTest
  @MethodSource("answeredEarly")
  void anInitializeAnsweredEarlyGivesTheClientExactlyWhatTheLegacyServerGives(List<String> lines)
      throws Exception {
    Transcript early = serve(lines, true);
    assertThat(early.first().answered()).as("answered early").isTrue();
    assertThat(early.lines()).isEqualTo(serve(lines, false).lines());
    assertThat(early.lines().get(0)).isEqualTo(early.first().answer());
  }

  @ParameterizedTest
  @MethodSource("leftToTheServers")
  void aFirstLineThatIsNoPlainLegacyInitializeIsLeftToTheServers(List<String> lines)
      throws Exception {
    Transcript early = serve(lines, true);
    assertThat(early.first().answered()).as("not answered early").isFalse();
    assertThat(early.lines()).isEqualTo(serve(lines, false).lines());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // the modern era: every request on its own, answered by the modern server only
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"_meta\":"
            + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"},\"protocolVersion\":\"2025-06-18\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"cat_tool\"}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":7}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}",
        "not json",
        "",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":[]}",
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}]",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"",
      })
  void onlyAPlainLegacyInitializeIsAnsweredEarly(String line) {
    assertThat(EarlyInitialize.answerTo(line)).isNull();
  }

  @Test
  void theRestOfStdinFollowsTheFirstLineUntouched() throws Exception {
    String input = initialize("1", "2025-06-18") + "\r\n" + LIST + "\n" + "partial";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EarlyInitialize.FirstLine first =
        EarlyInitialize.readAndAnswer(
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
    assertThat(first.line()).isEqualTo(initialize("1", "2025-06-18"));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(first.answer() + "\n");
    assertThat(new String(first.rest().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo(LIST + "\n" + "partial");
  }

  @Test
  void stdinEndingBeforeAnyLineAnswersNothing() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EarlyInitialize.FirstLine first =
        EarlyInitialize.start(InputStream.nullInputStream(), out).await();
    assertThat(first.line()).isNull();
    assertThat(first.answered()).isFalse();
    assertThat(out.size()).isZero();
  }

  private record Transcript(EarlyInitialize.FirstLine first, List<String> lines) {}

  /** The gateway's stdout for these stdin lines, with or without its first line read early. */
  private static Transcript serve(List<String> lines, boolean early) throws Exception {
    EffectivePolicy policy = TestPolicies.defaultPolicy();
    InputStream stdin =
        new ByteArrayInputStream(
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    InFlightCalls inFlight = new InFlightCalls();
    try (SessionRegistry sessions = new SessionRegistry(new ProcessSandboxRuntime(), policy)) {
      EarlyInitialize first =
          early ? EarlyInitialize.start(stdin, stdout) : EarlyInitialize.none(stdin);
      StdioGateway.serve(
          StdioGatewayFixture.factory(policy, sessions, new MemoryAuditSink(), inFlight),
          inFlight,
          first,
          stdout,
          Duration.ofSeconds(5),
          ToolListChanges.NONE,
          StartGate.OPEN);
      return new Transcript(
          first.await(), stdout.toString(StandardCharsets.UTF_8).lines().toList());
    }
  }
}
