package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of a pod exec (its URL, how the final Status is read) and who closes the
 * connection when.
 */
class PodExecConnectionTest {

  @Test
  void theUrlCarriesEachArgvElementEncodedInOrderAndNoStdinOrTty() {
    String uri =
        PodExecConnection.uri(
                "https://10.0.0.1:6443/",
                "itmcp-sandboxes",
                "mcp-abc-sandbox",
                "sandbox",
                List.of("sh", "-c", "echo a&b=c; rm -rf /", "ü"))
            .toString();

    assertThat(uri)
        .isEqualTo(
            "https://10.0.0.1:6443/api/v1/namespaces/itmcp-sandboxes/pods/mcp-abc-sandbox/exec?"
                + "command=sh&command=-c&command=echo+a%26b%3Dc%3B+rm+-rf+%2F&command=%C3%BC"
                + "&container=sandbox&stdout=true&stderr=true");
    assertThat(uri).doesNotContain("stdin").doesNotContain("tty");
  }

  @Test
  void aMasterUrlWithoutTrailingSlashGetsOne() {
    assertThat(
            PodExecConnection.uri("http://127.0.0.1:1234", "ns", "p", "capture", List.of("id"))
                .toString())
        .startsWith("http://127.0.0.1:1234/api/v1/namespaces/ns/pods/p/exec?command=id&");
  }

  @Test
  void successIsZero() {
    assertThat(PodExecConnection.exitCodeOf(status("Success", null, null))).isZero();
  }

  @Test
  void aNonZeroExitCodeIsReadFromItsCause() {
    assertThat(PodExecConnection.exitCodeOf(status("Failure", "NonZeroExitCode", "124")))
        .isEqualTo(124);
  }

  @Test
  void aFailureWithoutExitCodeMeansTheProcessNeverRan() {
    // e.g. "executable file not found in $PATH": reason InternalError, no ExitCode cause
    assertThat(PodExecConnection.exitCodeOf(status("Failure", "InternalError", null)))
        .isEqualTo(PodExecConnection.NO_EXIT_CODE);
    assertThat(PodExecConnection.exitCodeOf(status("Failure", "NonZeroExitCode", "not-a-number")))
        .isEqualTo(PodExecConnection.NO_EXIT_CODE);
    assertThat(PodExecConnection.exitCodeOf("not json")).isEqualTo(PodExecConnection.NO_EXIT_CODE);
  }

  @Test
  void aRefusedUpgradeKeepsNoCodeWhenThereIsNoResponse() {
    KubernetesClientException refused =
        PodExecConnection.refusal(new java.io.IOException("connection refused"));
    assertThat(refused.getCode()).isNotPositive();
    assertThat(refused).hasMessageContaining("connection refused");
  }

  /** A WebSocket that records the closes sent on it. */
  private static final class RecordingWebSocket implements WebSocket {
    final List<Integer> closesSent = new ArrayList<>();

    @Override
    public boolean send(ByteBuffer buffer) {
      return true;
    }

    @Override
    public boolean sendClose(int code, String reason) {
      closesSent.add(code);
      return true;
    }

    @Override
    public long queueSize() {
      return 0;
    }

    @Override
    public void request() {}
  }

  private final RecordingWebSocket ws = new RecordingWebSocket();
  private final List<Runnable> lateCloses = new ArrayList<>();
  private final List<Duration> lateCloseDelays = new ArrayList<>();
  private final PodExecConnection connection =
      new PodExecConnection(
          new ByteArrayOutputStream(),
          new ByteArrayOutputStream(),
          new ByteArrayOutputStream(),
          () -> {},
          (delay, close) -> {
            lateCloseDelays.add(delay);
            lateCloses.add(close);
          });

  private void receiveStatus() {
    byte[] json = status("Success", null, null).getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(json.length + 1).put((byte) 3).put(json).flip();
    connection.onMessage(ws, frame);
  }

  @Test
  void afterItsStatusTheServerClosesAndTheGatewayOnlyReplies() {
    connection.onOpen(ws);
    receiveStatus();
    assertThat(connection.exitCode()).isCompletedWithValue(0);

    connection.close();
    assertThat(ws.closesSent).as("no close crosses the server's").isEmpty();
    connection.onClose(ws, 1000, "");
    assertThat(ws.closesSent).as("the reply to the server's close").containsExactly(1000);
    lateCloses.forEach(Runnable::run);
    assertThat(ws.closesSent).as("sent once").containsExactly(1000);
  }

  @Test
  void aServerThatDoesNotCloseAfterItsStatusIsClosedAfterTheGrace() {
    connection.onOpen(ws);
    receiveStatus();

    connection.close();
    assertThat(ws.closesSent).isEmpty();
    assertThat(lateCloseDelays).containsExactly(PodExecConnection.SERVER_CLOSE_GRACE);
    lateCloses.forEach(Runnable::run);
    assertThat(ws.closesSent).containsExactly(1000);
  }

  @Test
  void withoutAStatusTheGatewayClosesAtOnce() {
    // a deadline or a cancellation: the process may still run, the server will not close
    connection.onOpen(ws);

    connection.close();
    assertThat(ws.closesSent).containsExactly(1000);
    assertThat(lateCloses).isEmpty();
    connection.close();
    assertThat(ws.closesSent).as("idempotent").containsExactly(1000);
  }

  @Test
  void aServerThatClosedBeforeTheGatewayIsNotClosedAgainLater() {
    connection.onOpen(ws);
    receiveStatus();
    connection.onClose(ws, 1000, "");

    connection.close();
    assertThat(ws.closesSent).containsExactly(1000);
    assertThat(lateCloses).as("nothing left to close").isEmpty();
  }

  private static String status(String status, String reason, String exitCode) {
    StatusBuilder builder = new StatusBuilder().withStatus(status).withReason(reason);
    if (exitCode != null) {
      builder
          .withNewDetails()
          .addNewCause()
          .withReason("ExitCode")
          .withMessage(exitCode)
          .endCause()
          .endDetails();
    }
    return Serialization.asJson(builder.build());
  }
}
