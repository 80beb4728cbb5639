package io.itmcp.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.audit.AuditEvent.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit record names the MCP era and protocol version of the call, inside the hash chain. */
class AuditEraTest {

  @TempDir Path dir;

  @Test
  void eraAndVersionAreRecordedAndChained() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (HashChainedAuditLog log = HashChainedAuditLog.toFile(file)) {
      log.record(event("modern", "2026-07-28"));
      log.record(event("legacy", "2025-06-18"));
    }
    List<String> lines = Files.readAllLines(file);

    assertThat(AuditJson.parse(lines.get(0)))
        .containsEntry("era", "modern")
        .containsEntry("protocolVersion", "2026-07-28");
    assertThat(AuditJson.parse(lines.get(1)))
        .containsEntry("era", "legacy")
        .containsEntry("protocolVersion", "2025-06-18");
    assertThat(AuditVerifier.verify(file).intact()).isTrue();

    Files.writeString(
        file, lines.get(0).replace("2026-07-28", "2025-11-25") + "\n" + lines.get(1) + "\n");
    assertThat(AuditVerifier.verify(file).intact())
        .as("the era cannot be rewritten afterwards")
        .isFalse();
  }

  private static AuditEvent event(String era, String version) {
    return AuditEvent.builder()
        .time(Instant.parse("2026-12-01T00:00:00Z"))
        .user("alice")
        .session("s")
        .tool("cat_tool")
        .arguments(Map.of("file_path", "/var/log/x"))
        .argv(List.of("cat", "--", "/var/log/x"))
        .decision(Decision.ALLOWED)
        .exitCode(0)
        .durationMs(3)
        .outputBytes(10)
        .phase(AuditEvent.Phase.COMPLETION)
        .era(era)
        .protocolVersion(version)
        .build();
  }
}
