package io.itmcp.gateway.audit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ToolCallEventsTest {

  @Test
  void capKeepsWholeCharactersAndMarksTheCut() {
    String text = "é".repeat(600); // 1200 bytes
    String capped = ToolCallEvents.capUtf8(text, 1024);

    assertThat(capped.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
    assertThat(capped).endsWith("…").startsWith("éé");
    assertThat(capped.replace("…", "")).matches("é+");
  }

  @Test
  void shortTextIsLeftAlone() {
    assertThat(ToolCallEvents.capUtf8("ping_tool target=a", 1024)).isEqualTo("ping_tool target=a");
  }

  @Test
  void cleanReplacesControlCharactersAndCutsLongFields() {
    assertThat(ToolCallEvents.clean("a\r\nb\u0000c\u001b[31m")).isEqualTo("a??b?c?[31m");
    assertThat(ToolCallEvents.clean("y".repeat(300))).hasSize(257).endsWith("…");
  }

  @Test
  void decisionsMapToTheIssuesReasons() {
    assertThat(AuditDecision.ALLOWED.eventReason()).isEqualTo("ToolCallAllowed");
    assertThat(AuditDecision.DENIED.eventReason()).isEqualTo("ToolCallDenied");
    assertThat(AuditDecision.FAILED.eventReason()).isEqualTo("ToolCallFailed");
  }
}
