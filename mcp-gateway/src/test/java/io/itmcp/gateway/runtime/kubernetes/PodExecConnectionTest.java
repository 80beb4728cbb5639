package io.itmcp.gateway.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of a pod exec: its URL and how the final Status is read. */
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
