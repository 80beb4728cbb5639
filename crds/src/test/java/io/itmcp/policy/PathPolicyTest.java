package io.itmcp.policy;

import static io.itmcp.policy.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathPolicyTest {

  @Test
  void rootAllowsEveryAbsolutePathButStillRefusesTraversalAndEncodings() {
    PathPolicy root = PathPolicy.of(List.of("/"));
    assertThat(root.directories()).containsExactly("/");
    assertThat(root.check("/")).isEqualTo("/");
    assertThat(root.check("/etc//passwd")).isEqualTo("/etc/passwd");
    assertRefused(
        () -> root.check("/etc/../etc/passwd"), "path.syntax", "; allowed: paths inside /");
    assertRefused(() -> root.check("etc/passwd"), "path.syntax", "; allowed: paths inside /");
    assertRefused(() -> root.check("/etc/%2e%2e/x"), "path.syntax");
  }

  @Test
  void aTrailingSlashOnAnAllowedDirectoryIsTolerated() {
    PathPolicy paths = PathPolicy.of(List.of("/var/log/", "/srv"));
    assertThat(paths.directories()).containsExactly("/var/log", "/srv");
    assertThat(paths.describe()).isEqualTo("/var/log, /srv");
    assertThat(paths.isInside("/var/log/x")).isTrue();
    assertThat(paths.isInside("/var/logx")).isFalse();
    assertThat(paths.isInside("/srv2")).isFalse();
  }

  @Test
  void longAllowListsAreShortenedInMessages() {
    List<String> many = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "/d" + i).toList();
    assertRefused(
        () -> PathPolicy.of(many).check("/etc/passwd"), "allowedDirectories", "/d29 and 10 more");
  }
}
