package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ToolName;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoaderTest {

  private static final String HEADER =
      "apiVersion: itmcp.io/v1alpha1\nkind: ItmcpPolicy\nmetadata:\n  name: p\n";

  private static Path fullPolicy() {
    return Path.of("src/test/resources/policy/full-policy.yaml");
  }

  @Test
  void loadsAFullManifestAndCompilesIt() {
    ItmcpPolicy policy = PolicyLoader.fromYaml(fullPolicy());
    assertThat(policy.getMetadata().getName()).isEqualTo("netops");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("itmcp");
    assertThat(policy.getSpec().getSsh().getSecretRef().getName()).isEqualTo("netops-ssh");
    assertThat(policy.getSpec().getSandbox().getResources().getLimits().get("memory").toString())
        .isEqualTo("256Mi");
    EffectivePolicy p = EffectivePolicy.compile(policy);
    assertThat(p.name()).isEqualTo("netops");
    assertThat(p.tools())
        .isEqualTo(
            EnumSet.of(
                ToolName.SSH,
                ToolName.PING,
                ToolName.DIG,
                ToolName.NSLOOKUP,
                ToolName.TELNET,
                ToolName.CAT,
                ToolName.TAIL));
    assertThat(p.hosts().describe())
        .isEqualTo(
            "db.example.com, *.corp.example.com, firewall.local:22, 10.0.0.0/24:443, [2001:db8::1]:22, 2001:db8::/32");
    assertThat(p.hosts().check("X.CORP.example.com", Access.tcp(22)).canonical())
        .isEqualTo("x.corp.example.com");
    assertThat(p.dnsServers().describe()).isEqualTo("192.0.2.53, 2001:db8::53");
    assertThat(p.paths().directories()).containsExactly("/var/log", "/etc/nginx");
    assertThat(p.remoteCommands().check("show interface status"))
        .containsExactly("show", "interface", "status");
    assertThat(p.sshUsers()).isEqualTo(Map.of("firewall.local", "admin"));
    assertThat(p.limits())
        .isEqualTo(
            Limits.defaults()
                .withSessions(20, 2)
                .withCallsPerMinute(30)
                .withToolTimeout(Duration.ofSeconds(20))
                .withMaxOutputBytes(262144)
                .withSandboxTiming(Duration.ofSeconds(1800), Duration.ofSeconds(600)));
  }

  @ParameterizedTest
  @CsvSource({
    "src/test/resources/api/policy-full.yaml",
    "src/test/resources/api/policy-minimal.yaml"
  })
  void theSchemaTestsValidManifestsLoadAndCompile(String file) {
    ItmcpPolicy policy = PolicyLoader.fromYaml(Path.of(file));
    assertThat(EffectivePolicy.compile(policy).name()).isEqualTo(policy.getMetadata().getName());
  }

  @Test
  void roundTripsThroughYaml() throws Exception {
    ItmcpPolicy first = PolicyLoader.fromYaml(fullPolicy());
    String written = new YAMLMapper().writeValueAsString(first);
    ItmcpPolicy second = PolicyLoader.fromYamlString(written);
    assertThat(second.getSpec()).usingRecursiveComparison().isEqualTo(first.getSpec());
    assertThat(second.getMetadata()).isEqualTo(first.getMetadata());
    assertThat(EffectivePolicy.compile(second).hosts().describe())
        .isEqualTo(EffectivePolicy.compile(first).hosts().describe());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: p\\n| expected apiVersion itmcp.io/v1alpha1 and kind ItmcpPolicy, got apiVersion 'v1' and kind 'ConfigMap'",
        "apiVersion: itmcp.io/v1alpha1\\nkind: ItmcpSession\\nmetadata:\\n  name: p\\n| got apiVersion 'itmcp.io/v1alpha1' and kind 'ItmcpSession'",
        "apiVersion: itmcp.io/v1beta1\\nkind: ItmcpPolicy\\nmetadata:\\n  name: p\\n| got apiVersion 'itmcp.io/v1beta1'",
        "kind: ItmcpPolicy\\nmetadata:\\n  name: p\\n| got apiVersion (none)",
        "- a\\n- b\\n| expected a YAML mapping",
        "just text\\n| expected a YAML mapping",
        "apiVersion: itmcp.io/v1alpha1\\nkind: ItmcpPolicy\\n| metadata.name is required",
        "@@HEADER@@spec:\\n  allowedHostz: [a]\\n| spec.allowedHostz",
        "@@HEADER@@spec:\\n  limits:\\n    maxSessionz: 3\\n| spec.limits.maxSessionz",
        "@@HEADER@@spec:\\n  tools: [ping, telnetx]\\n| spec.tools[1]",
        "@@HEADER@@spec:\\n  tools: ping\\n| spec.tools",
        "@@HEADER@@spec:\\n  limits:\\n    maxSessions: '5'\\n| spec.limits.maxSessions",
        "@@HEADER@@spec:\\n  allowedHosts: [db.example.com]\\n  allowedHosts: [0.0.0.0/0]\\n| Duplicate field 'allowedHosts'",
        "@@HEADER@@spec:\\n  allowedHosts: [db.example.com, 127.1]\\n| spec.allowedHosts[1]: '127.1': ",
        "@@HEADER@@spec:\\n  allowedDirectories: [/var/log/../../etc]\\n| spec.allowedDirectories[0]",
        "@@HEADER@@spec:\\n  limits:\\n    toolTimeoutSeconds: 1000000\\n| spec.limits.toolTimeoutSeconds: 1000000 is outside 1..600",
        "@@HEADER@@spec: {}\\n---\\n@@HEADER@@| not a single valid YAML document: more than one YAML document",
        "@@HEADER@@stauts: {}\\n| stauts: unknown field; did you mean 'status'?",
        "@@HEADER@@spec:\\n  allowedHosts: [&evil db.example.com, *evil]\\n| YAML anchors and aliases (&name, *name) are not accepted (line 6)",
        "@@HEADER@@spec:\\n  allowedHosts: !!seq [db.example.com]\\n| explicit YAML tags",
        "@@HEADER@@spec:\\n  allowedHosts: [db.example.com\\n| not valid YAML"
      })
  void refusesBadManifests(String yaml, String message) {
    String doc = yaml.replace("\\n", "\n").replace("@@HEADER@@", HEADER);
    assertThatThrownBy(() -> PolicyLoader.fromYamlString(doc))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "spec:\\n  allowedHost: [a.example.com]\\n| spec.allowedHost: unknown field; did you mean 'spec.allowedHosts'? (fields of spec: allowedDirectories, allowedHosts,",
        "spec:\\n  AllowedHosts: [a.example.com]\\n| spec.AllowedHosts: unknown field; did you mean 'spec.allowedHosts'?",
        "spec:\\n  limits:\\n    maxSesions: 3\\n| spec.limits.maxSesions: unknown field; did you mean 'spec.limits.maxSessions'?",
        "spec:\\n  nonsense: 1\\n| spec.nonsense: unknown field (fields of spec:",
        "spec:\\n  allowedHosts: db.example.com\\n| spec.allowedHosts: expected a list (write [a, b] or one '- item' per line)",
        "spec:\\n  limits:\\n    maxSessions: five\\n| spec.limits.maxSessions: expected a whole number",
        "spec:\\n  limits: [1]\\n| spec.limits: expected a mapping of the fields of LimitsSpec",
        "spec:\\n  tools: [ping, telnetx]\\n| spec.tools[1]: unknown tool 'telnetx'; known tools:"
      })
  void saysWhatIsWrongInThePolicysOwnTerms(String yaml, String message) {
    String doc = HEADER + yaml.replace("\\n", "\n");
    assertThatThrownBy(() -> PolicyLoader.fromYamlString(doc))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain(
                        "io.itmcp",
                        "java.util",
                        "Cannot construct",
                        "Unrecognized field",
                        "class "));
  }

  @Test
  void toolsTakeTheMcpToolNamesToo() {
    ItmcpPolicy policy =
        PolicyLoader.fromYamlString(HEADER + "spec:\n  tools: [ping_tool, dig, cat_tool]\n");
    assertThat(policy.getSpec().getTools())
        .containsExactly(ToolName.PING, ToolName.DIG, ToolName.CAT);
    assertThatThrownBy(() -> PolicyLoader.fromYamlString(HEADER + "spec:\n  tools: [_tool]\n"))
        .hasMessageContaining("unknown tool '_tool'");
  }

  @Test
  void theLaterToolsLoadByWireAndMcpNames() throws java.io.IOException {
    ItmcpPolicy policy =
        PolicyLoader.fromYamlString(
            HEADER + "spec:\n  tools: [traceroute, http_check_tool, tls_check]\n");
    assertThat(policy.getSpec().getTools())
        .containsExactly(ToolName.TRACEROUTE, ToolName.HTTP_CHECK, ToolName.TLS_CHECK);
    assertThat(ToolName.TLS_CHECK.mcpName()).isEqualTo("tls_check_tool");
    assertThat(
            java.util.Arrays.stream(ToolName.values())
                .mapToInt(t -> t.wireName().length())
                .max()
                .getAsInt())
        .isEqualTo(ToolName.MAX_WIRE_LENGTH);
    ItmcpPolicy example =
        PolicyLoader.fromYamlString(
            java.nio.file.Files.readString(java.nio.file.Path.of("../examples/probe-policy.yaml")));
    assertThat(example.getSpec().getTools())
        .contains(ToolName.TRACEROUTE, ToolName.HTTP_CHECK, ToolName.TLS_CHECK);
  }

  @Test
  void suggestsOnlyNearMisses() {
    assertThat(
            PolicyBindingErrors.suggest(
                "allowedHost", java.util.List.of("allowedHosts", "allowedDirectories")))
        .contains("allowedHosts");
    assertThat(PolicyBindingErrors.suggest("hosts", java.util.List.of("allowedHosts", "tools")))
        .isEmpty();
    assertThat(PolicyBindingErrors.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(PolicyBindingErrors.distance("", "abc")).isEqualTo(3);
  }

  @Test
  void namesTheFileInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "apiVersion: v1\nkind: Pod\n");
    assertThatThrownBy(() -> PolicyLoader.fromYaml(file))
        .hasMessageStartingWith(file + ": expected apiVersion");
    assertThatThrownBy(() -> PolicyLoader.fromYaml(dir.resolve("missing.yaml")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing.yaml");
  }

  @Test
  void refusesOversizedFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.yaml");
    Files.writeString(file, HEADER + "#" + "x".repeat((int) PolicyLoader.MAX_BYTES));
    assertThatThrownBy(() -> PolicyLoader.fromYaml(file)).hasMessageContaining("larger than");
  }

  @Test
  void refusesAliasBombs() {
    StringBuilder yaml =
        new StringBuilder(HEADER).append("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 12; i++) {
      yaml.append("x").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    assertThatThrownBy(() -> PolicyLoader.fromYamlString(yaml.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anchors and aliases");
  }

  @Test
  void sandboxSharingIsPerCallerUnlessThePolicyOptsIntoOnePerMcpSession() {
    assertThat(
            EffectivePolicy.compile(PolicyLoader.fromYamlString(HEADER + "spec: {}\n"))
                .sandboxSharing())
        .isEqualTo(io.itmcp.api.v1alpha1.SandboxSharing.PerCaller);
    assertThat(
            EffectivePolicy.compile(
                    PolicyLoader.fromYamlString(
                        HEADER + "spec:\n  sandbox:\n    sharing: PerMcpSession\n"))
                .sandboxSharing())
        .isEqualTo(io.itmcp.api.v1alpha1.SandboxSharing.PerMcpSession);
    assertThatThrownBy(
            () -> PolicyLoader.fromYamlString(HEADER + "spec:\n  sandbox:\n    sharing: PerPod\n"))
        .hasMessageContaining("PerPod");
  }
}
