package io.itmcp.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The render command's output against golden files. After an intended change, regenerate with
 * {@code ./mvnw -pl operator -am test -Dtest=RenderCommandTest -Dgolden.update=true} and review the
 * diff.
 */
class RenderCommandTest {
  private static final Path RESOURCES = Path.of("src/test/resources/render");
  private static final String[] RESOLVE = {"--resolve", "db.example.com=192.0.2.10,2001:db8::10"};

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new Main())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private static String[] renderArgs(String mode) {
    return new String[] {
      "render",
      "--policy",
      RESOURCES.resolve("policy.yaml").toString(),
      "--session",
      RESOURCES.resolve("session.yaml").toString(),
      RESOLVE[0],
      RESOLVE[1],
      "--egress-mode",
      mode
    };
  }

  private static void assertGolden(String name, String actual) throws IOException {
    Path golden = RESOURCES.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @Test
  void networkPolicyModeMatchesGolden() throws IOException {
    Result result = run(renderArgs("network-policy"));
    assertThat(result.err()).isEmpty();
    assertThat(result.exit()).isZero();
    assertGolden("expected-network-policy.yaml", result.out());
  }

  @Test
  void ciliumModeMatchesGolden() throws IOException {
    Result result = run(renderArgs("cilium"));
    assertThat(result.exit()).isZero();
    assertGolden("expected-cilium.yaml", result.out());
  }

  @Test
  void outputIsPodThenNetworkPolicyAsParseableDocuments() {
    Result result = run(renderArgs("network-policy"));
    String[] docs = result.out().split("(?m)^---$");
    assertThat(docs).hasSize(3);
    assertThat(docs[0]).startsWith("# egress mode: network-policy");
    Pod pod = Serialization.unmarshal(docs[1], Pod.class);
    NetworkPolicy np = Serialization.unmarshal(docs[2], NetworkPolicy.class);
    assertThat(pod.getMetadata().getName()).isEqualTo("s-7f3a-sandbox");
    assertThat(np.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("itmcp.io/session", "s-7f3a");
    assertThat(result.out())
        .contains("# NOT granted: *.corp.example.com")
        .contains("# NOT granted: gone.example.com")
        .contains("not covered by --resolve");
  }

  @Test
  void rendersForAReviewSessionWhenNoneIsGiven() {
    Result result =
        run(
            "render",
            "--policy",
            RESOURCES.resolve("policy.yaml").toString(),
            RESOLVE[0],
            RESOLVE[1]);
    assertThat(result.err()).isEmpty();
    assertThat(result.exit()).isZero();
    String[] docs = result.out().split("(?m)^---$");
    assertThat(docs).hasSize(3);
    assertThat(docs[0]).contains("# granted: db.example.com");
    Pod pod = Serialization.unmarshal(docs[1], Pod.class);
    NetworkPolicy np = Serialization.unmarshal(docs[2], NetworkPolicy.class);
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("itmcp.io/session", "review")
        .containsEntry("itmcp.io/policy", "netops");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("itmcp-sandboxes");
    assertThat(np.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("itmcp.io/session", "review");
  }

  @Test
  void refusesASessionOfAnotherPolicy(@TempDir Path dir) throws IOException {
    Path session = dir.resolve("s.yaml");
    Files.writeString(
        session,
        Files.readString(RESOURCES.resolve("session.yaml")).replace("name: netops", "name: other"));
    Result result =
        run(
            "render",
            "--policy",
            RESOURCES.resolve("policy.yaml").toString(),
            "--session",
            session.toString());
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("policyRef names 'other'").doesNotContain("Exception");
  }

  @Test
  void refusesAFileOfTheWrongKind() {
    Result result =
        run(
            "render",
            "--policy",
            RESOURCES.resolve("session.yaml").toString(),
            "--session",
            RESOURCES.resolve("session.yaml").toString());
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "expected apiVersion itmcp.io/v1alpha1 and kind ItmcpPolicy, got apiVersion"
                + " 'itmcp.io/v1alpha1' and kind 'ItmcpSession'");
  }

  @Test
  void refusesAPolicyTheCrdsCelRulesRefuse(@TempDir Path dir) throws IOException {
    Path policy =
        Files.writeString(
            dir.resolve("ssh.yaml"),
            "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\n"
                + "metadata: {name: ssh}\nspec:\n  tools: [ssh]\n  allowedHosts: [db.example.com]\n"
                + "  allowedRemoteCommands: [show version]\n");
    Result result = run("render", "--policy", policy.toString());
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "render: "
                + policy
                + ": spec.tools: Invalid value: \"object\": the ssh tool "
                + "needs spec.ssh.secretRef (keys and known_hosts): add spec.ssh or remove ssh from spec.tools\n");
  }

  @Test
  void validateNamesEachProblemAndFailsTheRun(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("good.yaml"), Files.readString(RESOURCES.resolve("policy.yaml")));
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\n"
                + "metadata: {name: bad}\nspec:\n  limits: {maxSessions: 2, maxSessionsPerUser: 3}\n");
    Result result = run("validate", dir.toString());
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out())
        .isEqualTo(
            bad
                + " (document 1) ItmcpPolicy bad: spec.limits.maxSessionsPerUser: 3 is larger"
                + " than limits.maxSessions 2\n");
    assertThat(result.err()).isEqualTo("validate: 2 ItmcpPolicy manifests in 2 files: 1 problem\n");

    Files.delete(bad);
    Result good = run("validate", dir.toString());
    assertThat(good.exit()).isZero();
    assertThat(good.out()).isEmpty();
    assertThat(good.err()).isEqualTo("validate: 1 ItmcpPolicy manifest in 1 file: valid\n");
  }

  @Test
  void refusesANameAsAResolveAddress() {
    Result result =
        run(
            "render",
            "--policy",
            RESOURCES.resolve("policy.yaml").toString(),
            "--session",
            RESOURCES.resolve("session.yaml").toString(),
            "--resolve",
            "db.example.com=evil.example.com");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("'evil.example.com' is not an IPv4 or IPv6 address");
  }

  @Test
  void refusesAutoAndUnknownModes() {
    assertThat(run("render", "--policy", "x", "--session", "y", "--egress-mode", "auto").err())
        .contains("explicit --egress-mode");
    assertThat(run("render", "--policy", "x", "--session", "y", "--egress-mode", "calico").err())
        .contains("unknown egress mode 'calico'");
  }

  @Test
  void notesWhichEntriesTracerouteAndTheChecksCanUseAndThatTheyOpenNothingMore(@TempDir Path dir)
      throws IOException {
    Path policy = dir.resolve("probes.yaml");
    Files.writeString(
        policy,
        """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata: {name: probes, namespace: itmcp-sandboxes}
        spec:
          tools: [traceroute, http_check, tls_check]
          allowedHosts: [db.example.com, "web.example.com:443", "[2001:db8::1]:8443", 10.0.0.0/24]
        """);
    Result result =
        run(
            "render",
            "--policy",
            policy.toString(),
            "--resolve",
            "db.example.com=192.0.2.10",
            "--resolve",
            "web.example.com=192.0.2.20");
    assertThat(result.err()).isEmpty();
    assertThat(result.exit()).isZero();
    assertThat(result.out())
        .contains(
            "# traceroute: UDP probes (ports 33434 and up) or ICMP echo to entries without a port: "
                + "db.example.com, 10.0.0.0/24; routers on the path answer with ICMP time-exceeded, received only as"
                + " related to the probes (no ingress rule is added); entries with a port allow no traceroute: "
                + "web.example.com:443, [2001:db8::1]:8443\n")
        .contains(
            "# http_check: TCP to db.example.com (any port), web.example.com port 443, [2001:db8::1] port 8443, "
                + "10.0.0.0/24 (any port); a redirect is followed only to these\n")
        .contains(
            "# tls_check: TCP to db.example.com (any port), web.example.com port 443, [2001:db8::1] port 8443, "
                + "10.0.0.0/24 (any port); the SNI name must be covered by an entry\n");
    // the tools add no egress of their own: the NetworkPolicy holds exactly the granted entries
    NetworkPolicy np =
        Serialization.unmarshal(result.out().split("(?m)^---$")[2], NetworkPolicy.class);
    assertThat(np.getSpec().getIngress()).isNullOrEmpty();
    assertThat(np.getSpec().getEgress()).hasSize(5);
  }

  @Test
  void writesNoProbeNotesWhenTheToolsAreNotEnabled() {
    Result result = run(renderArgs("network-policy"));
    assertThat(result.out())
        .doesNotContain("# traceroute:")
        .doesNotContain("# http_check:")
        .doesNotContain("# tls_check:");
  }
}
