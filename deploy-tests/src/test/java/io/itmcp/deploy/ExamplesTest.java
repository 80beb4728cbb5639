package io.itmcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.ToolName;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example policies render, use only fields the API has, and are granted to one group. */
class ExamplesTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static Manifests rendered;

  /**
   * Rendered once, on first use, so that a missing kubectl shows as each test skipped with its
   * reason.
   */
  private static synchronized Manifests examples() throws Exception {
    if (rendered == null) {
      rendered = Kustomize.render(RepositoryPaths.deploy("examples"));
    }
    return rendered;
  }

  @Test
  void everyPolicyUsesOnlyKnownSpecFields() throws Exception {
    List<HasMetadata> policies = examples().ofKind("ItmcpPolicy");
    assertThat(policies).hasSizeGreaterThanOrEqualTo(2);
    for (HasMetadata policy : policies) {
      JsonNode document = examples().document(policy);
      ItmcpPolicy parsed = STRICT.treeToValue(document, ItmcpPolicy.class);
      assertThat(parsed.getMetadata().getNamespace()).isEqualTo("itmcp-sandboxes");
      assertThat(parsed.getSpec()).as(Manifests.describe(policy)).isNotNull();
      assertThat(parsed.getSpec().getAllowedHosts())
          .as(Manifests.describe(policy) + " allowedHosts")
          .isNotEmpty();
    }
  }

  @Test
  void strictParsingRefusesAMisspelledField() throws Exception {
    JsonNode misspelled =
        STRICT.readTree(
            """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata: {name: typo}
        spec:
          allowedHost: ["db.example.com"]
        """);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> STRICT.treeToValue(misspelled, ItmcpPolicy.class))
        .hasMessageContaining("allowedHost");
  }

  @Test
  void theDefaultPolicyIsReadOnlyChecks() throws Exception {
    ItmcpPolicySpec spec = policy("default").getSpec();
    assertThat(spec.getTools())
        .isNotEmpty()
        .doesNotContain(
            ToolName.SSH,
            ToolName.TCPDUMP,
            ToolName.CAT,
            ToolName.GREP,
            ToolName.HEAD,
            ToolName.TAIL);
    assertThat(spec.getDnsServers()).isNotEmpty();
    assertThat(spec.getSsh()).isNull();
  }

  @Test
  void theSshPolicyNamesTheExampleSecretWithKeyAndKnownHosts() throws Exception {
    ItmcpPolicySpec spec = policy("network-devices").getSpec();
    assertThat(spec.getTools()).contains(ToolName.SSH);
    assertThat(spec.getAllowedRemoteCommands())
        .isNotEmpty()
        .allSatisfy(command -> assertThat(command).startsWith("show "));
    assertThat(spec.getAllowedHosts()).allSatisfy(host -> assertThat(host).endsWith(":22"));
    String secretName = spec.getSsh().getSecretRef().getName();
    assertThat(spec.getSsh().getUsers()).isNotEmpty();

    Manifests secretFile =
        Manifests.parse(
            Files.readString(RepositoryPaths.deploy("examples/secret-netops-ssh.yaml")));
    Secret secret = secretFile.get(Secret.class, "itmcp-sandboxes", secretName);
    assertThat(secret.getStringData()).containsOnlyKeys("id_ed25519", "known_hosts");
    assertThat(secret.getStringData().values())
        .as("placeholders only, never a real key in Git")
        .allSatisfy(
            value ->
                assertThat(value)
                    .contains("REPLACE")
                    .doesNotContain("BEGIN OPENSSH PRIVATE KEY-----\n"));
    assertThat(examples().ofType(Secret.class))
        .as("the placeholder Secret is not applied with the examples")
        .isEmpty();
  }

  @Test
  void theNetopsGroupIsGrantedUseInTheSandboxNamespace() throws Exception {
    List<RoleBinding> bindings = examples().ofType(RoleBinding.class);
    assertThat(bindings)
        .singleElement()
        .satisfies(
            binding -> {
              assertThat(binding.getMetadata().getNamespace()).isEqualTo("itmcp-sandboxes");
              assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
              assertThat(binding.getRoleRef().getName()).isEqualTo("itmcp-policy-user");
              assertThat(binding.getSubjects())
                  .singleElement()
                  .satisfies(
                      subject -> {
                        assertThat(subject.getKind()).isEqualTo("Group");
                        assertThat(subject.getName()).isEqualTo("netops");
                        assertThat(subject.getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
                      });
            });
  }

  @Test
  void examplesHoldNothingButPoliciesAndTheGrant() throws Exception {
    List<String> kinds =
        new ArrayList<>(examples().items().stream().map(HasMetadata::getKind).toList());
    assertThat(kinds).containsOnly("ItmcpPolicy", "RoleBinding");
  }

  private static ItmcpPolicy policy(String name) throws Exception {
    HasMetadata found =
        examples().ofKind("ItmcpPolicy").stream()
            .filter(p -> name.equals(p.getMetadata().getName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no example ItmcpPolicy " + name));
    return STRICT.treeToValue(examples().document(found), ItmcpPolicy.class);
  }
}
