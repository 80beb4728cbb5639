package io.itmcp.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an audit file's hash chain: every line must parse, carry seq = previous + 1 (starting at
 * 1), prev = the previous line's hash, and a hash that matches its content. That catches a line
 * changed, removed, inserted or reordered, and a missing head. It cannot see a cut-off tail (the
 * remaining prefix is still a valid chain): compare the record count or last hash with a copy kept
 * elsewhere (e.g. the shipped log stream) for that.
 *
 * <p>It also pairs each call's intent with its completion by {@code callId}: an intent without a
 * completion is a call that started and was never finished in the log, because the gateway stopped
 * during it (killed, crashed, power lost) or because it is still running.
 */
public final class AuditVerifier {

  private AuditVerifier() {}

  /** A call whose intent has no completion in the log. */
  public record Unfinished(String callId, long seq, String time, String user, String tool) {}

  /** The outcome of a verification. */
  public record Result(
      boolean intact,
      long records,
      String firstTime,
      String lastTime,
      String lastHash,
      long brokenLine,
      String why,
      List<Unfinished> unfinished) {

    public Result {
      unfinished = List.copyOf(unfinished);
    }

    public String summary() {
      if (intact) {
        String chain =
            records == 0
                ? "audit chain intact: 0 records"
                : "audit chain intact: "
                    + records
                    + " records, first "
                    + firstTime
                    + ", last "
                    + lastTime
                    + ", last hash "
                    + lastHash;
        if (unfinished.isEmpty()) {
          return chain;
        }
        StringBuilder out =
            new StringBuilder(chain)
                .append('\n')
                .append("WARNING: ")
                .append(unfinished.size())
                .append(
                    " call(s) have an intent and no completion (the gateway stopped during them, or they are still"
                        + " running):");
        for (Unfinished u : unfinished) {
          out.append('\n')
              .append("  unfinished callId ")
              .append(u.callId())
              .append(" seq ")
              .append(u.seq())
              .append(' ')
              .append(u.time())
              .append(" user ")
              .append(u.user())
              .append(" tool ")
              .append(u.tool());
        }
        return out.toString();
      }
      return "audit chain BROKEN at line "
          + brokenLine
          + ": "
          + why
          + " ("
          + records
          + " records before it verified)";
    }
  }

  public static Result verify(Path file) throws IOException {
    long records = 0;
    long lineNo = 0;
    String prevHash = AuditJson.GENESIS;
    String first = null;
    String last = null;
    Map<String, Unfinished> open = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          return broken(records, first, last, prevHash, lineNo, "empty line inside the chain");
        }
        Map<String, Object> rec;
        try {
          rec = AuditJson.parse(line);
        } catch (JsonProcessingException e) {
          return broken(records, first, last, prevHash, lineNo, "not a JSON record");
        }
        Object seq = rec.get("seq");
        long expectedSeq = records + 1;
        if (!(seq instanceof Number n) || n.longValue() != expectedSeq) {
          String what =
              records == 0 && seq instanceof Number
                  ? "first record has seq " + seq + ", expected 1 (records before it are missing)"
                  : "seq "
                      + seq
                      + ", expected "
                      + expectedSeq
                      + " (a record was removed, inserted or reordered)";
          return broken(records, first, last, prevHash, lineNo, what);
        }
        if (!prevHash.equals(rec.get("prev"))) {
          return broken(
              records,
              first,
              last,
              prevHash,
              lineNo,
              "prev does not match the hash of the record before it (a record was removed, inserted or reordered)");
        }
        Object hash = rec.get("hash");
        Map<String, Object> content = new LinkedHashMap<>(rec);
        content.remove("hash");
        String expectedHash = AuditJson.chainHash(prevHash, content);
        if (!expectedHash.equals(hash)) {
          return broken(
              records,
              first,
              last,
              prevHash,
              lineNo,
              "hash does not match the record's content (the record was changed)");
        }
        records++;
        prevHash = expectedHash;
        pair(rec, open);
        Object time = rec.get("time");
        if (first == null) {
          first = String.valueOf(time);
        }
        last = String.valueOf(time);
      }
    }
    return new Result(
        true, records, first, last, prevHash, 0, null, new ArrayList<>(open.values()));
  }

  private static void pair(Map<String, Object> rec, Map<String, Unfinished> open) {
    if (!(rec.get("callId") instanceof String callId)) {
      return;
    }
    Object phase = rec.get("phase");
    if ("intent".equals(phase)) {
      open.put(
          callId,
          new Unfinished(
              callId,
              ((Number) rec.get("seq")).longValue(),
              String.valueOf(rec.get("time")),
              String.valueOf(rec.get("user")),
              String.valueOf(rec.get("tool"))));
    } else if ("completion".equals(phase)) {
      open.remove(callId);
    }
  }

  private static Result broken(
      long records, String first, String last, String lastHash, long line, String why) {
    return new Result(false, records, first, last, lastHash, line, why, List.of());
  }
}
