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

  private List<String> lines(Path path) {
    return PolicyValidation.validate(List.of(path)).problems().stream().map(Problem::line).toList();
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
