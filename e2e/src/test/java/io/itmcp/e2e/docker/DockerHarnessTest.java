package io.itmcp.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.testkit.sandbox.SourceTree;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The harness itself: an engine answers, the images build from this tree, a labelled container is
 * cleaned up.
 */
@ExtendWith(RequiresDockerEngine.class)
class DockerHarnessTest {

  @BeforeAll
  static void engine() {
    DockerEngine.require();
    Docker.removeLeftovers();
  }

  @Test
  void sandboxImageIsBuiltFromThisTreesDockerfile() throws Exception {
    String image = TestImages.sandbox();
    // build.sh labels the image with sha256(Dockerfile + reader/itmcp-read.c +
    // deadline/itmcp-deadline.c): both helpers are built into it
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (String source :
        List.of(
            "sandbox-image/Dockerfile",
            "sandbox-image/reader/itmcp-read.c",
            "sandbox-image/deadline/itmcp-deadline.c")) {
      digest.update(Files.readAllBytes(SourceTree.root().resolve(source)));
    }
    String hash = HexFormat.of().formatHex(digest.digest());
    assertThat(Docker.imageLabel(image, TestImages.HASH_LABEL))
        .as(
            "the image under test carries the hash of sandbox-image/Dockerfile and its helpers as they are in this tree")
        .isEqualTo(hash);
    assertThat(Docker.checked("image", "inspect", "-f", "{{ .Config.User }}", image).strip())
        .isEqualTo("65532:65532");
  }

  @Test
  void peerImagesBuildAndContainersAreRemovedOnClose() {
    String sshd = TestImages.peer("sshd");
    String dnsmasq = TestImages.peer("dnsmasq");
    String name;
    try (DockerResources resources = new DockerResources()) {
      DockerNetwork net = resources.network("harness");
      assertThat(net.subnet()).contains("/");
      name =
          resources.run(
              "probe",
              List.of("--network", net.name()),
              TestImages.sandbox(),
              List.of("sleep", "30"));
      CommandResult id = Docker.docker(List.of("exec", name, "id", "-u"), Duration.ofSeconds(20));
      assertThat(id.stdout().strip()).as(id.describe()).isEqualTo("65532");
      assertThat(Docker.imageExists(sshd)).isTrue();
      assertThat(Docker.imageExists(dnsmasq)).isTrue();
    }
    assertThat(Docker.docker("inspect", name).ok()).as("container removed on close").isFalse();
  }
}
