package io.itmcp.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.ToolName;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.ssh.SshCredentials;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which exit statuses are answers (isError false) and which mean the tool could not do its job. */
class FailureToRunTest {

  private static final Map<ToolName, ToolDefinition> TOOLS =
      ToolCatalog.all(SshCredentials.fromEnvironment(Map.of())).stream()
          .collect(java.util.stream.Collectors.toMap(ToolDefinition::name, t -> t));

  private static Optional<String> judge(ToolName tool, int exit, String stdout, String stderr) {
    return TOOLS.get(tool).failureToRun(new ExecResult(exit, stdout, stderr, false, false, 5));
  }

  private static Optional<String> judge(ToolName tool, int exit) {
    return judge(tool, exit, "", "");
  }

  @Test
  void aHostThatDoesNotAnswerIsAnAnswer() {
    assertThat(judge(ToolName.PING, 0)).isEmpty();
    assertThat(judge(ToolName.PING, 1)).isEmpty();
    assertThat(judge(ToolName.PING, 2)).contains("ping could not send its requests (exit 2)");
    assertThat(judge(ToolName.TELNET, 1)).isEmpty();
    assertThat(judge(ToolName.TELNET, 2)).isPresent();
  }

  @Test
  void sshFailingToLogInIsAFailureButTheRemoteCommandsStatusIsAnAnswer() {
    assertThat(judge(ToolName.SSH, 255))
        .contains("ssh could not connect, verify the host key or authenticate (exit 255)");
    assertThat(judge(ToolName.SSH, 1)).isEmpty();
    assertThat(judge(ToolName.SSH, 127)).isEmpty();
  }

  @Test
  void dnsNegativeAnswersAreAnswersButNoServerIsAFailure() {
    assertThat(judge(ToolName.DIG, 0)).isEmpty();
    assertThat(judge(ToolName.DIG, 9)).contains("no reply from the DNS server (dig exit 9)");
    assertThat(judge(ToolName.DIG, 1)).isPresent();
    assertThat(judge(ToolName.NSLOOKUP, 1, "** server can't find nx.test: NXDOMAIN", "")).isEmpty();
    assertThat(
            judge(ToolName.NSLOOKUP, 1, ";; connection timed out; no servers could be reached", ""))
        .contains("no DNS server could be reached");
  }

  @Test
  void grepWithoutAMatchIsAnAnswer() {
    assertThat(judge(ToolName.GREP, 1)).isEmpty();
    assertThat(judge(ToolName.GREP, 2)).contains("grep could not search (exit 2)");
  }

  @Test
  void tcpdumpFilesAndProcessesFailOnAnyNonZeroExit() {
    for (ToolName t :
        new ToolName[] {
          ToolName.TCPDUMP, ToolName.CAT, ToolName.HEAD, ToolName.TAIL, ToolName.PS, ToolName.TOP
        }) {
      assertThat(judge(t, 0)).as(t.name()).isEmpty();
      assertThat(judge(t, 1)).as(t.name()).contains(t.wireName() + " exited with 1");
    }
  }

  @Test
  void aCallStoppedAtItsDeadlineIsJudgedByTheDeadlineRuleNotItsExitCode() {
    for (ToolDefinition tool : TOOLS.values()) {
      assertThat(tool.failureToRun(new ExecResult(-1, "", "", false, true, 5)))
          .as(tool.name().name())
          .isEmpty();
    }
  }
}
