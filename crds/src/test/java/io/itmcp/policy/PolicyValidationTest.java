package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.policy.PolicyValidation.Problem;
import io.itmcp.policy.PolicyValidation.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyValidationTest {

  private static final String GOOD =
      """
      apiVersion: itmcp.io/v1alpha1
      kind: ItmcpPolicy
      metadata:
        name: good
      spec:
        tools: [ping, dig]
        allowedHosts: ["*.corp.example.com"]
      """;
  private static final String ROLE_BINDING =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: users, namespace: itmcp-sandboxes}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: itmcp-policy-user}
      subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: netops}]
      """;
  private static final String BROKEN =
      """
      apiVersion: itmcp.io/v1alpha1
      kind: ItmcpPolicy
      metadata:
        name: broken
      spec:
        tools: [ssh, ping_tool]
        allowedHost: [a.example.com]
        limits: {maxSessions: 20000}
      """;

  @TempDir Path dir;

  @Test
  void aDirectoryOfGoodManifestsIsValid() throws IOException {
    write("policies/good.yaml", GOOD + "---\n" + ROLE_BINDING);
    write("policies/kustomization.yaml", "resources: [good.yaml]\n");
    Report report = PolicyValidation.validate(List.of(dir.resolve("policies")));
    assertThat(report.problems()).isEmpty();
    assertThat(report.files()).isEqualTo(2);
    assertThat(report.policies()).isEqualTo(1);
  }

  @Test
  void everyProblemIsOneLineWithFileDocumentAndPolicy() throws IOException {
    Path file =
        write("p/all.yaml", "# policies\n---\n" + GOOD + "---\n" + ROLE_BINDING + "---\n" + BROKEN);
    Report report = PolicyValidation.validate(List.of(dir.resolve("p")));
    String where = file + " (document 3) ItmcpPolicy broken: ";
    assertThat(report.problems())
        .extracting(Problem::line)
        .containsExactlyInAnyOrder(
            where
                + "spec.tools[1]: Unsupported value: \"ping_tool\" is not one of "
                + "[\"cat\",\"dig\",\"grep\",\"head\",\"http_check\",\"nslookup\",\"ping\",\"ps\",\"ssh\",\"tail\","
                + "\"tcpdump\",\"telnet\",\"tls_check\",\"top\",\"traceroute\"]",
            where
                + "spec.allowedHost: field not declared in schema; did you mean 'spec.allowedHosts'?",
            where + "spec.limits.maxSessions: Invalid value: 20000 is above the maximum 10000",
            where
                + "spec.tools: Invalid value: \"object\": the ssh tool needs spec.ssh.secretRef (keys and known_hosts): "
                + "add spec.ssh or remove ssh from spec.tools");
    assertThat(report.policies()).isEqualTo(2);
  }

  @Test
  void theCrdsCelRulesAreApplied() throws IOException {
    Path file =
        write(
            "ssh.yml",
            GOOD.replace("name: good", "name: ssh").replace("[ping, dig]", "[ssh]")
                + "  allowedRemoteCommands: [show version]\n");
    assertThat(lines(file))
        .containsExactly(
            file
                + " (document 1) ItmcpPolicy ssh: spec.tools: Invalid value: \"object\": "
                + "the ssh tool needs spec.ssh.secretRef (keys and known_hosts): add spec.ssh or remove ssh from spec.tools");
  }

  @Test
  void thePolicyEnginesOwnChecksAreApplied() throws IOException {
    Path file =
        write(
            "engine.yaml",
            GOOD.replace("\"*.corp.example.com\"", "\"db.example.com\", \"10.0.0.0/33\""));
    assertThat(lines(file))
        .singleElement()
        .asString()
        .startsWith(file + " (document 1) ItmcpPolicy good: spec.allowedHosts[1]");
  }

  @Test
  void aPolicyOfAnotherVersionOrWithoutANameIsAProblem() throws IOException {
    Path file =
        write(
            "versions.yaml",
            GOOD.replace("v1alpha1", "v1beta1")
                + "---\n"
                + GOOD.replace("metadata:\n  name: good\n", ""));
    assertThat(lines(file))
        .containsExactly(
            file
                + " (document 1) ItmcpPolicy good: apiVersion: Unsupported value: 'itmcp.io/v1beta1': supported values: \"itmcp.io/v1alpha1\"",
            file + " (document 2): metadata.name: Required value: name is required");
  }

  @Test
  void yamlTheReadersWouldMisreadIsAProblemOfItsDocument() throws IOException {
    Path file =
        write(
            "yaml.yaml",
            GOOD
                + "---\n"
                + GOOD.replace("[ping, dig]", "&t [ping]")
                + "---\n"
                + GOOD
                + "  tools: [ping]\n");
    assertThat(lines(file))
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .startsWith(
                        file
                            + " (document 2): YAML anchors and aliases (&name, *name) are not accepted"),
            l ->
                assertThat(l)
                    .startsWith(file + " (document 3): not valid YAML: Duplicate field 'tools'"));
  }

  @Test
  void aMissingPathOrNoPolicyAtAllFailsTheRun() throws IOException {
    assertThat(lines(dir.resolve("nope")))
        .containsExactly(dir.resolve("nope") + ": no such file or directory");
    write("empty/kustomization.yaml", "resources: []\n");
    write("empty/.git/old.yaml", BROKEN);
    assertThat(lines(dir.resolve("empty")))
        .containsExactly(
            dir.resolve("empty") + ": no ItmcpPolicy manifest found (1 YAML files read)");
  }

  @Test
  void hiddenDirectoriesAreSkipped() throws IOException {
    write("repo/.git/broken.yaml", BROKEN);
    write("repo/policies/good.yaml", GOOD);
    assertThat(PolicyValidation.validate(List.of(dir.resolve("repo"))).valid()).isTrue();
  }

  @Test
  void splitsDocumentsOnlyAtDocumentMarkers() {
    assertThat(
            PolicyValidation.documents(
                "a: 1\n---\nb: |\n  ---x\n  --- indented\n...\n--- # c\nc: 3\n"))
        .containsExactly("a: 1\n", "b: |\n  ---x\n  --- indented\n", "c: 3\n\n");
  }

  @Test
  void theSummarySaysHowManyManifestsFilesAndProblemsInTheRightNumber() {
    Problem one = new Problem("a.yaml", 1, "p", "bad");
    assertThat(new Report(1, 1, List.of()).summary())
        .isEqualTo("1 ItmcpPolicy manifest in 1 file: valid");
    assertThat(new Report(2, 3, List.of()).summary())
        .isEqualTo("3 ItmcpPolicy manifests in 2 files: valid");
    assertThat(new Report(1, 1, List.of(one)).summary())
        .isEqualTo("1 ItmcpPolicy manifest in 1 file: 1 problem");
    assertThat(new Report(3, 0, List.of(one, one)).summary())
        .isEqualTo("0 ItmcpPolicy manifests in 3 files: 2 problems");
  }

  @Test
  void aDirectoryIsReadForYamlAndYmlFilesInAnyCaseAndNothingElse() throws IOException {
    write("mixed/a.yaml", GOOD);
    write("mixed/b.YML", GOOD.replace("name: good", "name: other"));
    write("mixed/notes.txt", BROKEN);
    write("mixed/yaml", BROKEN);
    Files.createDirectories(dir.resolve("mixed/empty.yaml"));
    Report report = PolicyValidation.validate(List.of(dir.resolve("mixed")));
    assertThat(report.problems()).isEmpty();
    assertThat(report.files()).isEqualTo(2);
    assertThat(report.policies()).isEqualTo(2);
  }

  @Test
  void onlyDocumentsThatAreItmcpPoliciesAreCounted() throws IOException {
    Path file =
        write(
            "count.yaml",
            GOOD
                + "---\n"
                + GOOD.replace("[ping, dig]", "&t [ping]")
                + "---\n"
                + "a: [b\n"
                + "---\n"
                + "---\n# only a comment\n"
                + "---\n"
                + ROLE_BINDING);
    Report report = PolicyValidation.validate(List.of(file));
    assertThat(report.policies()).isEqualTo(1);
    assertThat(report.problems()).extracting(Problem::document).containsExactly(2, 3);
  }

  @Test
  void contentAfterADocumentEndWithoutANewStartIsAProblemOfThatDocumentAndNoPolicy()
      throws IOException {
    Path file =
        write(
            "trailing.yaml",
            GOOD
                + "---\n"
                + GOOD.replace("name: good", "name: second")
                + "... # end\nkind: ItmcpPolicy\n");
    Report report = PolicyValidation.validate(List.of(file));
    assertThat(report.problems())
        .extracting(Problem::line)
        .singleElement()
        .asString()
        .startsWith(file + " (document 2): not valid YAML: ");
    assertThat(report.policies()).isEqualTo(1);
  }

  @Test
  void aManifestOfAnotherVersionStillCountsAsAPolicy() throws IOException {
    Path file = write("beta.yaml", GOOD.replace("v1alpha1", "v1beta1"));
    Report report = PolicyValidation.validate(List.of(file));
    assertThat(report.policies()).isEqualTo(1);
    assertThat(report.problems())
        .extracting(Problem::line)
        .containsExactly(
            file
                + " (document 1) ItmcpPolicy good: "
                + "apiVersion: Unsupported value: 'itmcp.io/v1beta1': supported values: \"itmcp.io/v1alpha1\"");
  }

  @Test
  void aFileOfExactlyTheLimitIsReadAndOneByteMoreIsNot() throws IOException {
    String atLimit = padTo(GOOD, PolicyLoader.MAX_BYTES);
    Path exact = write("exact.yaml", atLimit);
    assertThat(Files.size(exact)).isEqualTo(PolicyLoader.MAX_BYTES);
    Report report = PolicyValidation.validate(List.of(exact));
    assertThat(report.problems()).isEmpty();
    assertThat(report.policies()).isEqualTo(1);
    Path over = write("over.yaml", atLimit + "\n");
    assertThat(lines(over))
        .containsExactly(over + ": larger than " + PolicyLoader.MAX_BYTES + " bytes");
  }

  @Test
  void anEmptyDocumentAfterTheLastMarkerIsKeptSoIndexesMatchTheFile() {
    assertThat(PolicyValidation.documents("a: 1\n---\n")).containsExactly("a: 1\n", "\n");
    assertThat(PolicyValidation.documents("# c\n---\n# d\n")).containsExactly("# d\n\n");
    assertThat(PolicyValidation.documents("a: 1\n...\n")).containsExactly("a: 1\n");
  }

  private static String padTo(String text, long size) {
    StringBuilder out = new StringBuilder(text);
    String filler = "# padding to the size limit\n";
    while (out.length() + filler.length() <= size) {
      out.append(filler);
    }
    out.append("#".repeat((int) (size - out.length() - 1))).append('\n');
    return out.toString();
  }

  private List<String> lines(Path path) {
    return PolicyValidation.validate(List.of(path)).problems().stream().map(Problem::line).toList();
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
