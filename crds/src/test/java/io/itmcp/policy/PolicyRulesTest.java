package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRD's own schema and CEL rules apply wherever a policy is read, not only at the API server.
 */
class PolicyRulesTest {

  private static final String HEADER =
      "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\nmetadata:\n  name: p\n";
  private static final String SSH_WITHOUT_SECRET =
      "the ssh tool needs spec.ssh.secretRef (keys and known_hosts):"
          + " add spec.ssh or remove ssh from spec.tools";

  @Test
  void theLocalLoaderRefusesSshWithoutASecretRefAsTheApiServerDoes() {
    assertThatThrownBy(
            () ->
                PolicyLoader.fromYamlString(
                    HEADER
                        + "spec:\n  tools: [ssh, ping]\n"
                        + "  allowedHosts: [router.example.com]\n  allowedRemoteCommands: [show version]\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy: spec.tools: Invalid value: \"object\": " + SSH_WITHOUT_SECRET);
  }

  @Test
  void aRuleBothTheCrdAndTheEngineHoldIsReportedOnceInTheEnginesWords() {
    assertThatThrownBy(
            () ->
                PolicyLoader.fromYamlString(
                    HEADER + "spec:\n  limits: {maxSessions: 2, maxSessionsPerUser: 3}\n"))
        .hasMessage(
            "policy: spec.limits.maxSessionsPerUser: 3 is larger than limits.maxSessions 2");
    assertThatThrownBy(
            () ->
                PolicyLoader.fromYamlString(
                    HEADER + "spec:\n  sandbox: {ttlSeconds: 600, idleTimeoutSeconds: 900}\n"))
        .hasMessage(
            "policy: spec.sandbox.idleTimeoutSeconds: 900 is larger than sandbox.ttlSeconds 600");
  }

  @Test
  void everyProblemIsNamedNotOnlyTheFirst() {
    List<String> problems =
        PolicyRules.problems(
            tree(
                HEADER
                    + "spec:\n  tools: [ssh, ping, ping]\n"
                    + "  limits: {maxSessions: 2, maxSessionsPerUser: 3}\n"));
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "spec.tools[2]: 'ping' is listed twice",
            "spec.tools: Invalid value: \"object\": each tool may be listed only once",
            "spec.tools: Invalid value: \"object\": " + SSH_WITHOUT_SECRET,
            "spec.limits.maxSessionsPerUser: Invalid value: \"object\": maxSessionsPerUser must not exceed maxSessions");
  }

  @Test
  void anUnknownFieldGetsTheApiServersWordingAndADidYouMean() {
    assertThat(PolicyRules.problems(tree(HEADER + "spec:\n  allowedHost: [a.example.com]\n")))
        .containsExactly(
            "spec.allowedHost: field not declared in schema; did you mean 'spec.allowedHosts'?");
  }

  @Test
  void schemaBoundsAreNamedWithTheFieldAndTheBound() {
    assertThat(PolicyRules.problems(tree(HEADER + "spec:\n  tools: [ping, telnetx]\n")))
        .anyMatch(p -> p.startsWith("spec.tools[1]: Unsupported value: \"telnetx\" is not one of"));
  }

  @Test
  void aPolicyReadFromTheClusterIsCheckedToo() {
    ItmcpPolicy policy = PolicyLoader.fromYamlString(HEADER + "spec:\n  tools: [ping]\n");
    policy.getSpec().setTools(List.of(io.itmcp.api.v1alpha1.ToolName.SSH));
    assertThatThrownBy(() -> PolicyRules.compile(policy))
        .hasMessage("spec.tools: Invalid value: \"object\": " + SSH_WITHOUT_SECRET);
  }

  @Test
  void aPolicyWithoutSpecIsRefusedByTheCrdsRootRule() {
    ItmcpPolicy policy = PolicyLoader.fromYamlString(HEADER + "spec:\n  tools: [ping]\n");
    policy.setSpec(null);
    assertThat(PolicyRules.problems(policy))
        .contains(
            "<root>: Invalid value: \"object\": spec is required: an ItmcpPolicy lists what it allows");
  }

  @Test
  void statusIsNotPartOfThePolicysRules() {
    ObjectNode policy =
        tree(HEADER + "spec:\n  tools: [ping]\nstatus:\n  activeSessions: -5\n  bogus: 1\n");
    assertThat(PolicyRules.problems(policy)).isEmpty();
  }

  @Test
  void everyShippedExamplePassesEveryRule() throws Exception {
    try (Stream<Path> files =
        Stream.concat(
            Files.list(Path.of("../deploy/examples")),
            Stream.of(Path.of("../examples/local-policy.yaml")))) {
      List<Path> policies =
          files
              .filter(f -> f.toString().endsWith(".yaml"))
              .filter(f -> readString(f).contains("kind: ItmcpPolicy"))
              .toList();
      assertThat(policies).hasSizeGreaterThanOrEqualTo(3);
      for (Path policy : policies) {
        assertThat(PolicyRules.problems(tree(readString(policy)))).as(policy.toString()).isEmpty();
      }
    }
  }

  @Test
  void statusIsLeftOutOfTheEnginesBindingToo() {
    ObjectNode policy =
        tree(HEADER + "spec:\n  tools: [ping]\nstatus:\n  activeSessions: [many]\n");
    assertThat(PolicyRules.problems(policy)).isEmpty();
    assertThat(policy.has("status")).as("the caller's tree is not changed").isTrue();
  }

  @Test
  void aPolicyWithoutMetadataOrWithoutANameIsNamedOnceAsTheApiServerWould() {
    assertThat(
            PolicyRules.problems(
                tree("apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\nspec:\n  tools: [ping]\n")))
        .containsExactly("metadata.name: Required value: name is required");
    assertThat(
            PolicyRules.problems(
                tree(
                    "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\nmetadata:\n"
                        + "  namespace: itmcp\nspec:\n  tools: [ping]\n")))
        .containsExactly("metadata.name: Required value: name is required");
  }

  @Test
  void anExplicitlyNullMetadataIsAProblemNotACrash() {
    assertThat(
            PolicyRules.problems(
                tree(
                    "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\nmetadata: null\n"
                        + "spec:\n  tools: [ping]\n")))
        .containsExactly("metadata.name: Required value: name is required");
  }

  @Test
  void compileReturnsTheCompiledPolicyOfAnAcceptedManifest() {
    EffectivePolicy compiled =
        PolicyRules.compile(
            PolicyLoader.fromYamlString(
                HEADER + "spec:\n  tools: [ping, dig]\n  allowedHosts: [a.example.com]\n"));
    assertThat(compiled.name()).isEqualTo("p");
    assertThat(compiled.tools())
        .containsExactlyInAnyOrder(
            io.itmcp.api.v1alpha1.ToolName.PING, io.itmcp.api.v1alpha1.ToolName.DIG);
  }

  @Test
  void engineMessagesTakeTheApiServersFieldFirstShapeOnlyForSpecFields() {
    assertThat(
            PolicyRules.apiStyle("limits.maxSessionsPerUser 3 is larger than limits.maxSessions 2"))
        .isEqualTo("spec.limits.maxSessionsPerUser: 3 is larger than limits.maxSessions 2");
    assertThat(PolicyRules.apiStyle("allowedHosts[1]: '10.0.0.0/33' is not a host"))
        .isEqualTo("spec.allowedHosts[1]: '10.0.0.0/33' is not a host");
    assertThat(PolicyRules.apiStyle("a policy needs a name"))
        .isEqualTo("spec: a policy needs a name");
    assertThat(PolicyRules.apiStyle("bogus.field is wrong"))
        .isEqualTo("spec: bogus.field is wrong");
    assertThat(PolicyRules.apiStyle("'x' is wrong")).isEqualTo("spec: 'x' is wrong");
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ObjectNode tree(String yaml) {
    try {
      return (ObjectNode) new YAMLMapper().readTree(yaml);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
