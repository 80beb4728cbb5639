package io.itmcp.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.audit.AuditEvent.Decision;
import io.itmcp.gateway.cli.CliRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditChainTest {

  @TempDir Path tmp;

  private static AuditEvent event(int i, Decision d) {
    return AuditEvent.builder()
        .time(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i))
        .user("alice")
        .groups(List.of("netops"))
        .session("s-1")
        .tool("ssh_tool")
        .arguments(
            Map.of("target", "h" + i, "password", "hunter2", "nested", Map.of("api_token", "t0k")))
        .argv(d == Decision.DENIED ? List.of() : List.of("ssh", "h" + i))
        .decision(d)
        .reason(d == Decision.DENIED ? "refused: x" : null)
        .exitCode(d == Decision.DENIED ? null : 0)
        .durationMs(12)
        .outputBytes(34)
        .phase(d == Decision.ALLOWED ? AuditEvent.Phase.COMPLETION : AuditEvent.Phase.REFUSAL)
        .method(AuditEvent.TOOLS_CALL)
        .build();
  }

  private Path writeLog(int n) throws Exception {
    Path file = tmp.resolve("audit.jsonl");
    try (HashChainedAuditLog log = HashChainedAuditLog.toFile(file)) {
      for (int i = 1; i <= n; i++) {
        log.record(event(i, i % 2 == 0 ? Decision.DENIED : Decision.ALLOWED));
      }
    }
    return file;
  }

  private static List<String> lines(Path f) throws Exception {
    return new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
  }

  private static void write(Path f, List<String> lines) throws Exception {
    Files.write(f, lines, StandardCharsets.UTF_8);
  }

  @Test
  void eachLineIsTheCanonicalFormOfItsRecordEvenWithMethodAndHashKeysInTheArguments()
      throws Exception {
    Path file = tmp.resolve("audit.jsonl");
    try (HashChainedAuditLog log = HashChainedAuditLog.toFile(file)) {
      for (int i = 1; i <= 3; i++) {
        log.record(
            AuditEvent.builder()
                .time(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i))
                .user("alice")
                .session("s-1")
                .tool("http_check_tool")
                .arguments(
                    Map.of(
                        "method",
                        ",\"method\":\"x\"",
                        "hash",
                        "0".repeat(64),
                        "nested",
                        Map.of("method", "POST", "zz", List.of(",\"method\":"))))
                .argv(List.of("curl", ",\"method\":1"))
                .decision(Decision.ALLOWED)
                .exitCode(i == 2 ? null : 0)
                .phase(i == 2 ? AuditEvent.Phase.INTENT : AuditEvent.Phase.REFUSAL)
                .callId(i == 3 ? null : "c-" + i)
                .method(i == 3 ? null : AuditEvent.TOOLS_CALL)
                .reason("refused: ,\"method\": here")
                .build());
      }
    }
    for (String line : lines(file)) {
      assertThat(line).isEqualTo(AuditJson.canonical(AuditJson.parse(line)));
    }
    assertThat(AuditVerifier.verify(file).intact()).isTrue();
  }

  @Test
  void recordsCarryEveryFieldWithSecretsRedactedAndVerify() throws Exception {
    Path file = writeLog(4);
    List<String> lines = lines(file);
    assertThat(lines).hasSize(4);
    Map<String, Object> first = AuditJson.parse(lines.get(0));
    assertThat(first)
        .containsKeys(
            "time",
            "user",
            "groups",
            "session",
            "tool",
            "arguments",
            "argv",
            "decision",
            "reason",
            "exitCode",
            "durationMs",
            "outputBytes",
            "seq",
            "prev",
            "hash",
            "phase",
            "callId",
            "method");
    assertThat(first)
        .containsEntry("seq", 1)
        .containsEntry("prev", AuditJson.GENESIS)
        .containsEntry("decision", "allowed");
    assertThat(lines.get(1)).contains("\"decision\":\"denied\"");
    assertThat(String.join("\n", lines))
        .doesNotContain("hunter2")
        .doesNotContain("t0k")
        .contains("[REDACTED]");
    AuditVerifier.Result r = AuditVerifier.verify(file);
    assertThat(r.intact()).isTrue();
    assertThat(r.records()).isEqualTo(4);
    assertThat(r.firstTime()).isEqualTo("2026-01-01T00:00:01Z");
    assertThat(r.lastTime()).isEqualTo("2026-01-01T00:00:04Z");
  }

  @Test
  void oversizedArgumentsAreShortenedInTheRecord() {
    Map<String, Object> r =
        SecretRedactor.redact(
            Map.of("pattern", "x".repeat(5000), "list", List.of(Map.of("Token", "v"))));
    assertThat((String) r.get("pattern"))
        .hasSize(AuditFieldCaps.MAX_STRING + "...[cut: 5000 characters in all]".length());
    assertThat(r.get("list")).isEqualTo(List.of(Map.of("Token", SecretRedactor.REDACTED)));
  }

  private static AuditEvent phased(AuditEvent.Phase phase, String callId, Integer exitCode) {
    return AuditEvent.builder()
        .time(Instant.parse("2026-01-01T00:00:00Z"))
        .user("alice")
        .session("s-1")
        .tool("ping_tool")
        .arguments(Map.of("target", "127.0.0.1"))
        .argv(List.of("ping", "-c", "20", "127.0.0.1"))
        .decision(Decision.ALLOWED)
        .exitCode(exitCode)
        .durationMs(5)
        .outputBytes(9)
        .phase(phase)
        .callId(callId)
        .truncated(true)
        .method(AuditEvent.TOOLS_CALL)
        .build();
  }

  @Test
  void intentsArePairedWithCompletionsAndUnfinishedOnesReported() throws Exception {
    Path file = tmp.resolve("phased.jsonl");
    try (HashChainedAuditLog log = HashChainedAuditLog.toFile(file)) {
      log.record(phased(AuditEvent.Phase.INTENT, "c-1", null));
      log.record(phased(AuditEvent.Phase.INTENT, "c-2", null));
      log.record(phased(AuditEvent.Phase.COMPLETION, "c-1", 0));
    }
    Map<String, Object> completion = AuditJson.parse(lines(file).get(2));
    assertThat(completion)
        .containsEntry("phase", "completion")
        .containsEntry("callId", "c-1")
        .containsEntry("truncated", true)
        .containsEntry("exitCode", 0)
        .doesNotContainKey("arguments");
    AuditVerifier.Result r = AuditVerifier.verify(file);
    assertThat(r.intact()).isTrue();
    assertThat(r.unfinished()).extracting(AuditVerifier.Unfinished::callId).containsExactly("c-2");
    CliRunner.Result cli = CliRunner.run("audit", "verify", file.toString());
    assertThat(cli.exitCode()).isEqualTo(3);
    assertThat(cli.stdout()).contains("unfinished callId c-2 seq 2");

    try (HashChainedAuditLog log = HashChainedAuditLog.toFile(file)) {
      log.record(phased(AuditEvent.Phase.COMPLETION, "c-2", 1));
    }
    assertThat(AuditVerifier.verify(file).unfinished()).isEmpty();
    assertThat(CliRunner.run("audit", "verify", file.toString()).exitCode()).isZero();
  }

  @Test
  void aRestartContinuesTheChain() throws Exception {
    Path file = writeLog(3);
    try (HashChainedAuditLog log = HashChainedAuditLog.toFile(file)) {
      log.record(event(4, Decision.ALLOWED));
    }
    assertThat(AuditJson.parse(lines(file).get(3))).containsEntry("seq", 4);
    assertThat(AuditVerifier.verify(file).intact()).isTrue();
    assertThat(AuditVerifier.verify(file).records()).isEqualTo(4);
  }

  @Test
  void aChangedLineIsCaught() throws Exception {
    Path file = writeLog(5);
    List<String> l = lines(file);
    l.set(2, l.get(2).replace("\"user\":\"alice\"", "\"user\":\"mallory\""));
    write(file, l);
    AuditVerifier.Result r = AuditVerifier.verify(file);
    assertThat(r.intact()).isFalse();
    assertThat(r.brokenLine()).isEqualTo(3);
    assertThat(r.why()).contains("changed");
  }

  @Test
  void aRemovedLineIsCaught() throws Exception {
    Path file = writeLog(5);
    List<String> l = lines(file);
    l.remove(1);
    write(file, l);
    AuditVerifier.Result r = AuditVerifier.verify(file);
    assertThat(r.intact()).isFalse();
    assertThat(r.brokenLine()).isEqualTo(2);
    assertThat(r.why()).contains("seq 3, expected 2");
  }

  @Test
  void anInsertedLineIsCaughtEvenWithAValidHashOfItsOwn() throws Exception {
    Path file = writeLog(4);
    List<String> l = lines(file);
    // a forger who knows the scheme: correct seq/prev/hash for position 3, so the NEXT line breaks
    Map<String, Object> prev = AuditJson.parse(l.get(1));
    Map<String, Object> forged = new java.util.LinkedHashMap<>(AuditJson.parse(l.get(2)));
    forged.remove("hash");
    forged.put("user", "mallory");
    forged.put("prev", prev.get("hash"));
    forged.put("hash", AuditJson.chainHash((String) prev.get("hash"), forged));
    l.add(2, AuditJson.canonical(forged));
    write(file, l);
    AuditVerifier.Result r = AuditVerifier.verify(file);
    assertThat(r.intact()).isFalse();
    assertThat(r.brokenLine()).isEqualTo(4);
  }

  @Test
  void reorderedLinesAreCaught() throws Exception {
    Path file = writeLog(5);
    List<String> l = lines(file);
    Collections.swap(l, 1, 3);
    write(file, l);
    AuditVerifier.Result r = AuditVerifier.verify(file);
    assertThat(r.intact()).isFalse();
    assertThat(r.brokenLine()).isEqualTo(2);
  }

  @Test
  void aMissingHeadIsCaught() throws Exception {
    Path file = writeLog(3);
    List<String> l = lines(file);
    l.remove(0);
    write(file, l);
    AuditVerifier.Result r = AuditVerifier.verify(file);
    assertThat(r.intact()).isFalse();
    assertThat(r.brokenLine()).isEqualTo(1);
    assertThat(r.why()).contains("expected 1");
  }

  @Test
  void aCutOffTailIsNotDetectableByTheChainAlone() throws Exception {
    // documented limitation: the remaining prefix is a valid chain; the last hash must be compared
    // elsewhere
    Path file = writeLog(4);
    String lastHashBefore = AuditVerifier.verify(file).lastHash();
    List<String> l = lines(file);
    write(file, l.subList(0, 3));
    AuditVerifier.Result r = AuditVerifier.verify(file);
    assertThat(r.intact()).isTrue();
    assertThat(r.lastHash()).isNotEqualTo(lastHashBefore);
  }

  @Test
  void theCliVerifyExitsZeroWhenIntactAndNonZeroWithTheBrokenLine() throws Exception {
    Path file = writeLog(3);
    CliRunner.Result ok = CliRunner.run("audit", "verify", file.toString());
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.stdout())
        .contains("intact")
        .contains("3 records")
        .contains("2026-01-01T00:00:01Z");
    List<String> l = lines(file);
    l.set(1, l.get(1).replace("\"durationMs\":12", "\"durationMs\":13"));
    write(file, l);
    CliRunner.Result bad = CliRunner.run("audit", "verify", file.toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.stdout()).contains("BROKEN at line 2");
    assertThat(CliRunner.run("audit", "verify", tmp.resolve("missing").toString()).exitCode())
        .isEqualTo(2);
  }
}
