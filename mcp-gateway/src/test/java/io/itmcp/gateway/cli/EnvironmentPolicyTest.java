package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.itmcp.api.v1alpha1.ItmcpPolicy;
import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.policy.EffectivePolicy;
import io.itmcp.policy.PolicyLoader;
import io.itmcp.policy.PolicyRefusedException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentPolicyTest {

  @Test
  void environmentOfTheOriginalReadme() {
    ItmcpPolicy policy =
        EnvironmentPolicy.from(
            Map.of(
                "ALLOWED_HOSTS", "localhost,127.0.0.1,example.com",
                "ALLOWED_DIRECTORIES", "/tmp,/var/log",
                "ALLOWED_REMOTE_COMMANDS", "ls,cat,grep"));
    assertThat(policy.getMetadata().getName()).isEqualTo("env");
    EffectivePolicy p = EffectivePolicy.compile(policy);
    EnumSet<ToolName> expected = EnumSet.copyOf(ToolName.defaults());
    expected.add(ToolName.SSH);
    assertThat(p.tools()).isEqualTo(expected);
    assertThat(p.hosts().describe()).isEqualTo("localhost, 127.0.0.1, example.com");
    assertThat(p.paths().directories()).containsExactly("/tmp", "/var/log");
    // the original matched these as prefixes; here they are exact commands, like
    // allowedRemoteCommands
    assertThat(p.remoteCommands().check("cat")).containsExactly("cat");
    for (String command : List.of("cat /var/log/syslog", "cat .ssh/id_rsa", "cat /etc/passwd")) {
      assertThatThrownBy(() -> p.remoteCommands().check(command))
          .isInstanceOf(PolicyRefusedException.class)
          .hasMessageContaining("which is allowed exactly")
          .hasMessageContaining("(rule allowedRemoteCommands[1])")
          .hasMessageContaining("; allowed: the command 'cat' exactly");
    }
  }

  @Test
  void environmentListsAreTrimmedAndEmptiesDropped() {
    ItmcpPolicy policy =
        EnvironmentPolicy.from(
            Map.of(
                "ALLOWED_HOSTS", " db.example.com , ,, 10.0.0.0/24:443 ,",
                "ALLOWED_REMOTE_COMMANDS", " , "));
    assertThat(policy.getSpec().getAllowedHosts())
        .containsExactly("db.example.com", "10.0.0.0/24:443");
    assertThat(policy.getSpec().getAllowedDirectories()).isEmpty();
    assertThat(EffectivePolicy.compile(policy).tools()).isEqualTo(ToolName.defaults());
  }

  @Test
  void emptyEnvironmentAllowsNothingButDefaultTools() {
    EffectivePolicy p = EffectivePolicy.compile(EnvironmentPolicy.from(Map.of()));
    assertThat(p.tools()).isEqualTo(ToolName.defaults());
    assertThat(p.hosts().rules()).isEmpty();
    assertThat(p.paths().directories()).isEmpty();
  }

  @Test
  void itmcpToolsReplacesTheToolList() {
    ItmcpPolicy policy =
        EnvironmentPolicy.from(
            Map.of(
                "ALLOWED_REMOTE_COMMANDS", "ls",
                "ITMCP_TOOLS", "ping, dig_tool,TCPDUMP"));
    assertThat(policy.getSpec().getTools())
        .containsExactly(ToolName.PING, ToolName.DIG, ToolName.TCPDUMP);
  }

  @Test
  void blankItmcpToolsIsTreatedAsUnset() {
    ItmcpPolicy policy = EnvironmentPolicy.from(Map.of("ITMCP_TOOLS", "  "));
    assertThat(EnumSet.copyOf(policy.getSpec().getTools())).isEqualTo(ToolName.defaults());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ALLOWED_HOSTS|db.example.com,127.1|ALLOWED_HOSTS[1] '127.1': ",
        "ALLOWED_HOSTS|db.example.com;id|ALLOWED_HOSTS[0] 'db.example.com;id': ",
        "ALLOWED_DIRECTORIES|/tmp,var/log|ALLOWED_DIRECTORIES[1] 'var/log': ",
        "ALLOWED_REMOTE_COMMANDS|ls,cat $(id)|ALLOWED_REMOTE_COMMANDS[1] 'cat $(id)': ",
        "ITMCP_TOOLS|ping,rm|ITMCP_TOOLS: unknown tool 'rm'; known tools: ssh, ping"
      })
  void environmentErrorsNameTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> EnvironmentPolicy.from(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void environmentPolicyIsAValidManifest() throws Exception {
    ItmcpPolicy policy = EnvironmentPolicy.from(Map.of("ALLOWED_HOSTS", "db.example.com"));
    String yaml = new YAMLMapper().writeValueAsString(policy);
    assertThat(PolicyLoader.fromYamlString(yaml).getSpec().getAllowedHosts())
        .isEqualTo(List.of("db.example.com"));
  }
}
