package io.itmcp.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.audit.AuditEvent.Decision;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A call's intent and completion share their time and argv, which the log makes fit for the record
 * once: a record whose argv or time differ from the one before is never written with the earlier
 * one's.
 */
class AuditRecordReuseTest {

  private static AuditEvent event(Instant time, List<String> argv, AuditEvent.Phase phase) {
    return AuditEvent.builder()
        .time(time)
        .user("alice")
        .groups(List.of("netops"))
        .session("s-1")
        .tool("ssh_tool")
        .arguments(Map.of("target", "h"))
        .argv(argv)
        .decision(Decision.ALLOWED)
        .exitCode(phase == AuditEvent.Phase.COMPLETION ? 0 : null)
        .phase(phase)
        .callId("c-" + argv.hashCode())
        .method(AuditEvent.TOOLS_CALL)
        .build();
  }

  @Test
  void eachRecordCarriesItsOwnRedactedArgvAndTimeAndTheChainVerifies() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HashChainedAuditLog log = HashChainedAuditLog.toStream(out);
    Instant t1 = Instant.parse("2026-12-03T15:24:18.120Z");
    Instant t2 = Instant.parse("2026-12-03T15:24:19Z");
    List<String> first = List.of("ssh", "--password", "hunter2", "h");
    // an argv equal to the first but another list, then one that differs only in its secret
    List<String> again = new ArrayList<>(first);
    List<String> second = List.of("ssh", "--password", "s3cret-two", "h");
    log.record(event(t1, first, AuditEvent.Phase.INTENT));
    log.record(event(t1, again, AuditEvent.Phase.COMPLETION));
    again.set(3, "other-host"); // changed after it was recorded: the next record must not reuse it
    log.record(event(t2, again, AuditEvent.Phase.INTENT));
    log.record(event(t2, second, AuditEvent.Phase.INTENT));

    List<Map<String, Object>> records = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      records.add(AuditJson.parse(line));
    }
    assertThat(records)
        .extracting(r -> r.get("argv"))
        .containsExactly(
            List.of("ssh", "--password", "[REDACTED]", "h"),
            List.of("ssh", "--password", "[REDACTED]", "h"),
            List.of("ssh", "--password", "[REDACTED]", "other-host"),
            List.of("ssh", "--password", "[REDACTED]", "h"));
    assertThat(records)
        .extracting(r -> r.get("time"))
        .containsExactly(
            "2026-12-03T15:24:18.120Z",
            "2026-12-03T15:24:18.120Z",
            "2026-12-03T15:24:19Z",
            "2026-12-03T15:24:19Z");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("hunter2", "s3cret-two");
    // each line is its canonical form with its hash, chained to the one before
    String prev = AuditJson.GENESIS;
    for (Map<String, Object> r : records) {
      assertThat(r.get("prev")).isEqualTo(prev);
      Map<String, Object> withoutHash = new java.util.LinkedHashMap<>(r);
      withoutHash.remove("hash");
      assertThat(r.get("hash")).isEqualTo(AuditJson.chainHash(prev, withoutHash));
      prev = (String) r.get("hash");
    }
  }
}
