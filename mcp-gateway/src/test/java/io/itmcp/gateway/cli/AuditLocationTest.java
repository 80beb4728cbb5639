package io.itmcp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLocationTest {

  @Test
  void usesTheXdgStateDirectoryWhenSetAndAbsolute() {
    assertThat(AuditLocation.stdioDefault(Map.of("XDG_STATE_HOME", "/var/state"), "/home/me"))
        .isEqualTo(Path.of("/var/state/itmcp/audit.jsonl"));
  }

  @Test
  void fallsBackToDotLocalStateForAMissingOrRelativeXdgStateHome() {
    assertThat(AuditLocation.stdioDefault(Map.of(), "/home/me"))
        .isEqualTo(Path.of("/home/me/.local/state/itmcp/audit.jsonl"));
    assertThat(AuditLocation.stdioDefault(Map.of("XDG_STATE_HOME", "state"), "/home/me"))
        .isEqualTo(Path.of("/home/me/.local/state/itmcp/audit.jsonl"));
  }
}
