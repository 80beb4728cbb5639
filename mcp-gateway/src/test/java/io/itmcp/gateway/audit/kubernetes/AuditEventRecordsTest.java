package io.itmcp.gateway.audit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.api.v1alpha1.SessionNaming;
import io.itmcp.policy.Refusal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEventRecordsTest {

  @Test
  void theSessionNameIsTheRuntimesNameForTheMcpSession() {
    AuditEventRecord record =
        AuditEventRecords.of(
            "3f1c-mcp",
            "ping_tool",
            Map.of("target", "db.example.com", "count", 4),
            AuditDecision.ALLOWED,
            null,
            0);

    assertThat(record)
        .isEqualTo(
            new AuditEventRecord(
                SessionNaming.forMcpSession("3f1c-mcp"),
                "ping_tool",
                "db.example.com",
                AuditDecision.ALLOWED,
                "exit 0"));
  }

  @Test
  void aRefusalKeepsOnlyItsRuleNeverTheQuotedValue() {
    String message =
        Refusal.of(
                "remote command",
                "show run | include password hunter2",
                null,
                "allowedRemoteCommands",
                "allowed commands are show version")
            .message();

    AuditEventRecord record =
        AuditEventRecords.of(
            "s",
            "ssh_tool",
            Map.of(
                "target",
                "router1",
                "user",
                "admin",
                "command",
                "show run | include password hunter2"),
            AuditDecision.DENIED,
            message,
            null);

    assertThat(record.reason()).isEqualTo("refused by rule allowedRemoteCommands");
    assertThat(record.target()).isEqualTo("router1");
    assertThat(record.toString()).doesNotContain("hunter2").doesNotContain("admin");
  }

  @Test
  void aRefusalWithoutARuleSaysRefused() {
    assertThat(
            AuditEventRecords.reason(AuditDecision.DENIED, "rate limit: 60 calls per minute", null))
        .isEqualTo("refused");
    assertThat(AuditEventRecords.reason(AuditDecision.DENIED, null, null)).isEqualTo("refused");
  }

  @Test
  void aFailureKeepsWhatFailedNotTheDetails() {
    assertThat(
            AuditEventRecords.reason(
                AuditDecision.FAILED,
                "sandbox not ready before the deadline: last status: x",
                null))
        .isEqualTo("sandbox not ready before the deadline");
    assertThat(AuditEventRecords.reason(AuditDecision.FAILED, null, null)).isEqualTo("failed");
  }

  @Test
  void theTargetIsTheTargetFileOrInterfaceArgument() {
    assertThat(AuditEventRecords.target(Map.of("file_path", "/var/log/syslog", "lines", 10)))
        .isEqualTo("/var/log/syslog");
    assertThat(AuditEventRecords.target(Map.of("interface", "eth0"))).isEqualTo("eth0");
    assertThat(AuditEventRecords.target(Map.of("options", "aux"))).isNull();
    assertThat(AuditEventRecords.target(null)).isNull();
  }
}
