package io.itmcp.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one JSON line per record, each carrying {@code seq}, {@code prev} (the previous record's
 * hash) and {@code hash}. A file is appended to and forced to disk (fsync) before {@link #record}
 * returns, so an intent is durable before the call's process starts; on restart the chain continues
 * from the file's last record.
 */
public final class HashChainedAuditLog implements AuditSink {

  private final LineOutput out;
  private long seq;
  private String prev;
  // a call's intent and completion carry the same time and argv: each made fit for the log once
  private Instant lastTime;
  private String lastTimeText;
  private List<String> lastArgv;
  private List<String> lastRedactedArgv;

  private HashChainedAuditLog(LineOutput out, long lastSeq, String lastHash) {
    this.out = out;
    this.seq = lastSeq;
    this.prev = lastHash;
  }

  /** Appends to FILE (created if missing), continuing the chain from its last record. */
  public static HashChainedAuditLog toFile(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    long lastSeq = 0;
    String lastHash = AuditJson.GENESIS;
    String last = lastLine(file);
    if (last != null) {
      try {
        Map<String, Object> rec = AuditJson.parse(last);
        lastSeq = ((Number) rec.get("seq")).longValue();
        lastHash = (String) rec.get("hash");
        if (lastHash == null) {
          throw new IllegalStateException("no hash");
        }
      } catch (JsonProcessingException | RuntimeException e) {
        throw new IOException(
            "audit log "
                + file
                + " ends with a damaged record, so its chain cannot be continued;"
                + " run 'audit verify "
                + file
                + "' and move the file aside",
            e);
      }
    }
    // a FileOutputStream, not a FileChannel: an interrupted handler thread (MCP cancellation)
    // must not close the audit file
    FileOutputStream stream = new FileOutputStream(file.toFile(), true);
    return new HashChainedAuditLog(new FileLineOutput(stream), lastSeq, lastHash);
  }

  /** A fresh chain on a stream (stdout in HTTP mode, stderr in stdio mode). */
  public static HashChainedAuditLog toStream(OutputStream stream) {
    return new HashChainedAuditLog(new StreamLineOutput(stream), 0, AuditJson.GENESIS);
  }

  @Override
  public synchronized void record(AuditEvent e) {
    // sorted as the canonical form writes it, so that it is not sorted again on every write
    Map<String, Object> rec = new TreeMap<>();
    rec.put("seq", seq + 1);
    rec.put("prev", prev);
    rec.put("time", timeText(e.time()));
    rec.put("phase", e.phase().wire());
    rec.put("callId", e.callId());
    rec.put("method", e.method());
    if (e.traceId() != null) {
      // only when traced: records of untraced calls stay as they were
      rec.put("traceId", e.traceId());
    }
    rec.put("user", AuditFieldCaps.text(e.user()));
    rec.put("groups", AuditFieldCaps.texts(e.groups()));
    rec.put("session", AuditFieldCaps.text(e.session()));
    if (e.sandbox() != null) {
      rec.put("sandbox", e.sandbox());
    }
    rec.put("tool", AuditFieldCaps.text(e.tool()));
    if (e.phase() != AuditEvent.Phase.COMPLETION || e.callId() == null) {
      // a completion's intent already holds them, found by callId
      rec.put("arguments", SecretRedactor.redact(e.arguments()));
    }
    rec.put("argv", redactedArgv(e.argv()));
    rec.put("decision", e.decision().wire());
    rec.put("reason", SecretRedactor.redactMessage(e.reason()));
    rec.put("exitCode", e.exitCode());
    rec.put("durationMs", e.durationMs());
    rec.put("outputBytes", e.outputBytes());
    if (e.phase() == AuditEvent.Phase.COMPLETION) {
      rec.put("truncated", e.truncated());
    }
    if (e.approval() != null) {
      // only where the policy asks for approval: other records stay as they were
      rec.put("approval", e.approval());
    }
    if (e.era() != null) {
      rec.put("era", e.era());
      rec.put("protocolVersion", e.protocolVersion());
    }
    String withoutHash = AuditJson.canonical(rec);
    String hash = AuditJson.chainHash(prev, withoutHash);
    try {
      out.writeLine(withHash(rec, withoutHash, hash));
    } catch (IOException ex) {
      throw new UncheckedIOException("audit record could not be written", ex);
    }
    seq++;
    prev = hash;
  }

  private String timeText(Instant time) {
    if (!time.equals(lastTime)) {
      lastTimeText = time.toString();
      lastTime = time;
    }
    return lastTimeText;
  }

  private List<String> redactedArgv(List<String> argv) {
    if (!argv.equals(lastArgv)) {
      lastRedactedArgv = SecretRedactor.redactArgv(argv);
      lastArgv = List.copyOf(argv);
    }
    return lastRedactedArgv;
  }

  /**
   * The record's line: its canonical form with {@code hash} added. Keys are sorted, so "hash" goes
   * right before "method", which every record has, unless a key sorting between them is present;
   * and the top-level {@code ,"method":} is the last one in the text, because every value after it
   * is a scalar or a string (where quotes are escaped), while one before it (arguments) may hold a
   * "method" key of its own. A record is written twice per call: this saves serialising it again.
   */
  private static String withHash(Map<String, Object> rec, String withoutHash, String hash) {
    int at = withoutHash.lastIndexOf(",\"method\":");
    boolean keyBetween = false;
    for (String k : rec.keySet()) {
      keyBetween |= k.compareTo("hash") > 0 && k.compareTo("method") < 0;
    }
    if (at < 0 || keyBetween) {
      rec.put("hash", hash);
      return AuditJson.canonical(rec);
    }
    return withoutHash.substring(0, at) + ",\"hash\":\"" + hash + "\"" + withoutHash.substring(at);
  }

  @Override
  public synchronized void close() {
    out.close();
  }

  private static String lastLine(Path file) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return null;
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long end = raf.length();
      while (end > 0) {
        raf.seek(end - 1);
        int b = raf.read();
        if (b != '\n' && b != '\r') {
          break;
        }
        end--;
      }
      if (end == 0) {
        return null;
      }
      long start = end;
      while (start > 0) {
        raf.seek(start - 1);
        if (raf.read() == '\n') {
          break;
        }
        start--;
      }
      byte[] bytes = new byte[(int) (end - start)];
      raf.seek(start);
      raf.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private interface LineOutput {
    void writeLine(String line) throws IOException;

    void close();
  }

  private record FileLineOutput(FileOutputStream stream) implements LineOutput {
    @Override
    public void writeLine(String line) throws IOException {
      stream.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stream.flush();
      stream.getFD().sync();
    }

    @Override
    public void close() {
      try {
        stream.close();
      } catch (IOException ignored) {
        // closing at shutdown; every record was already forced
      }
    }
  }

  private record StreamLineOutput(OutputStream stream) implements LineOutput {
    @Override
    public void writeLine(String line) throws IOException {
      stream.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stream.flush();
    }

    @Override
    public void close() {
      // stdout/stderr belong to the process
    }
  }
}
