package io.itmcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.itmcp.api.v1alpha1.ApprovalSpec;
import io.itmcp.api.v1alpha1.ItmcpPolicySpec;
import io.itmcp.api.v1alpha1.ToolName;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalPolicyTest {

  private static ApprovalSpec spec(List<ToolName> tools, List<String> commands, Integer timeout) {
    ApprovalSpec s = new ApprovalSpec();
    s.setTools(tools);
    s.setRemoteCommands(commands);
    s.setTimeoutSeconds(timeout);
    return s;
  }

  @Test
  void absentApprovalAsksForNothing() {
    EffectivePolicy p = EffectivePolicy.compile("p", new ItmcpPolicySpec());
    assertThat(p.approval().asksForAnything()).isFalse();
    for (ToolName t : ToolName.values()) {
      assertThat(p.approval().requiredBy(t, "reload")).isEmpty();
    }
    assertThat(p.approval().timeout()).isEqualTo(ApprovalPolicy.DEFAULT_TIMEOUT);
  }

  @Test
  void listedToolsNeedApprovalForEveryCall() {
    ItmcpPolicySpec s = new ItmcpPolicySpec();
    s.setApproval(spec(List.of(ToolName.TCPDUMP, ToolName.SSH), null, 30));
    ApprovalPolicy a = EffectivePolicy.compile("p", s).approval();
    assertThat(a.requiredBy(ToolName.TCPDUMP, null)).contains("approval.tools");
    assertThat(a.requiredBy(ToolName.SSH, "show version")).contains("approval.tools");
    assertThat(a.requiredBy(ToolName.PING, null)).isEmpty();
    assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void remoteCommandEntriesMatchWholeLeadingWordsOnly() {
    ApprovalPolicy a = ApprovalPolicy.of(spec(null, List.of("reload", "configure terminal"), null));
    assertThat(a.requiredBy(ToolName.SSH, "reload")).contains("approval.remoteCommands[0]");
    assertThat(a.requiredBy(ToolName.SSH, "reload in 5")).contains("approval.remoteCommands[0]");
    assertThat(a.requiredBy(ToolName.SSH, "configure  terminal"))
        .contains("approval.remoteCommands[1]");
    // words, not characters: a longer first word is another command
    assertThat(a.requiredBy(ToolName.SSH, "reloads")).isEmpty();
    assertThat(a.requiredBy(ToolName.SSH, "configure")).isEmpty();
    assertThat(a.requiredBy(ToolName.SSH, "show version")).isEmpty();
    // the entries concern ssh only
    assertThat(a.requiredBy(ToolName.PING, "reload")).isEmpty();
  }

  @Test
  void malformedEntriesAreRefusedNamingTheField() {
    assertThatThrownBy(
            () -> ApprovalPolicy.of(spec(List.of(ToolName.SSH, ToolName.SSH), null, null)))
        .hasMessageContaining("approval.tools[1] 'ssh' is listed twice");
    assertThatThrownBy(() -> ApprovalPolicy.of(spec(null, List.of("ok", "rm;reboot"), null)))
        .hasMessageContaining("approval.remoteCommands[1]");
    assertThatThrownBy(() -> ApprovalPolicy.of(spec(null, List.of(" "), null)))
        .hasMessageContaining("approval.remoteCommands[0]: the entry has no command");
    assertThatThrownBy(() -> ApprovalPolicy.of(spec(null, null, 5)))
        .hasMessageContaining("approval.timeoutSeconds 5");
    assertThatThrownBy(() -> ApprovalPolicy.of(spec(null, null, 601)))
        .hasMessageContaining("must be 10 to 600");
  }

  @Test
  void aLocalPolicyFileCarriesApproval() {
    EffectivePolicy p =
        EffectivePolicy.compile(
            PolicyLoader.fromYamlString(
                """
        apiVersion: itmcp.io/v1alpha1
        kind: ItmcpPolicy
        metadata:
          name: routers
        spec:
          tools: [ssh, tcpdump]
          ssh:
            secretRef:
              name: keys
          approval:
            tools: [tcpdump]
            remoteCommands: ["reload"]
            timeoutSeconds: 60
        """));
    assertThat(p.approval().requiredBy(ToolName.TCPDUMP, null)).contains("approval.tools");
    assertThat(p.approval().requiredBy(ToolName.SSH, "reload in 5"))
        .contains("approval.remoteCommands[0]");
    assertThat(p.approval().requiredBy(ToolName.SSH, "show version")).isEmpty();
    assertThat(p.approval().timeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theTimeoutBoundsAreInclusive() {
    assertThat(ApprovalPolicy.of(spec(null, null, 10)).timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(ApprovalPolicy.of(spec(null, null, 600)).timeout())
        .isEqualTo(Duration.ofSeconds(600));
    assertThatThrownBy(() -> ApprovalPolicy.of(spec(null, null, 9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("approval.timeoutSeconds 9: must be 10 to 600");
    assertThat(ApprovalPolicy.of(spec(null, null, null)).timeout())
        .isEqualTo(ApprovalPolicy.DEFAULT_TIMEOUT);
    assertThat(ApprovalPolicy.of(null)).isEqualTo(ApprovalPolicy.none());
  }

  @Test
  void aNullToolAndAMalformedCommandAreRefusedSayingWhichEntryAndWhy() {
    assertThatThrownBy(
            () -> ApprovalPolicy.of(spec(java.util.Arrays.asList(ToolName.PING, null), null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("approval.tools[1] is null");
    assertThatThrownBy(
            () -> ApprovalPolicy.of(spec(null, java.util.Arrays.asList("ok", null), null)))
        .hasMessage("approval.remoteCommands[1]: the entry has no command");
    assertThatThrownBy(() -> ApprovalPolicy.of(spec(null, List.of("rm;reboot"), null)))
        .hasMessageStartingWith("approval.remoteCommands[0] 'rm;reboot': it contains ';'");
  }

  @Test
  void eitherListAloneMakesItAskAndTheCompiledEntriesAreWords() {
    ApprovalPolicy commandsOnly = ApprovalPolicy.of(spec(null, List.of("reload  now"), null));
    assertThat(commandsOnly.asksForAnything()).isTrue();
    assertThat(commandsOnly.remoteCommands()).containsExactly(List.of("reload", "now"));
    assertThat(commandsOnly.tools()).isEmpty();
    ApprovalPolicy toolsOnly = ApprovalPolicy.of(spec(List.of(ToolName.PING), List.of(), null));
    assertThat(toolsOnly.asksForAnything()).isTrue();
    assertThat(toolsOnly.requiredBy(ToolName.PING, null)).contains("approval.tools");
    assertThat(ApprovalPolicy.none().asksForAnything()).isFalse();
    assertThat(new ApprovalPolicy(null, null, null)).isEqualTo(ApprovalPolicy.none());
  }

  @Test
  void anSshCallWithoutACommandOrWithAnUnparsableOneIsDecidedSafely() {
    ApprovalPolicy a = ApprovalPolicy.of(spec(null, List.of("reload"), null));
    assertThat(a.requiredBy(ToolName.SSH, null)).isEmpty();
    // the policy refuses such a command first; if it ever gets here, it asks rather than runs
    // unasked
    assertThat(a.requiredBy(ToolName.SSH, "reload; rm -rf /")).contains("approval.remoteCommands");
    assertThat(ApprovalPolicy.none().requiredBy(ToolName.SSH, "reload; rm -rf /")).isEmpty();
  }
}
