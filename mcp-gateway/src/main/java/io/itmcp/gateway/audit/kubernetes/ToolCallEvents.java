package io.itmcp.gateway.audit.kubernetes;

import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Renders audit records as events.k8s.io/v1 Events on an ItmcpSession; pure. */
public final class ToolCallEvents {

  public static final String REPORTING_CONTROLLER = "itmcp.io/gateway";
  public static final String ACTION = "ToolCall";
  public static final String NOT_RECORDED_REASON = "ToolCallsNotRecorded";

  /** The API server refuses notes longer than 1 kB. */
  static final int MAX_NOTE_BYTES = 1024;

  static final int MAX_FIELD_CHARS = 256;
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

  private ToolCallEvents() {}

  /** The Event for one call. */
  public static Event forCall(
      AuditEventRecord record,
      ObjectReference session,
      String reportingInstance,
      Instant now,
      String eventName) {
    StringBuilder note = new StringBuilder(clean(record.tool()));
    if (record.target() != null && !record.target().isBlank()) {
      note.append(" target=").append(clean(record.target()));
    }
    if (record.reason() != null && !record.reason().isBlank()) {
      note.append(": ").append(clean(record.reason()));
    }
    return event(
        session,
        reportingInstance,
        now,
        eventName,
        record.decision().eventReason(),
        record.decision().eventType(),
        note.toString());
  }

  /** The Event that stands for calls the rate limit kept from being recorded one by one. */
  public static Event forSuppressed(
      long count,
      ObjectReference session,
      String reportingInstance,
      Instant now,
      String eventName) {
    String note =
        count
            + " more calls not recorded as Events (rate limit); the gateway's JSON audit log has every call";
    return event(session, reportingInstance, now, eventName, NOT_RECORDED_REASON, "Normal", note);
  }

  private static Event event(
      ObjectReference session,
      String instance,
      Instant now,
      String name,
      String reason,
      String type,
      String note) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(session.getNamespace())
        .endMetadata()
        .withRegarding(session)
        .withReason(reason)
        .withType(type)
        .withAction(ACTION)
        .withNote(capUtf8(note, MAX_NOTE_BYTES))
        .withEventTime(new MicroTime(MICRO_TIME.format(now)))
        .withReportingController(REPORTING_CONTROLLER)
        .withReportingInstance(capUtf8(instance, 128))
        .build();
  }

  /** Control characters out (no forged lines in `kubectl describe`), long values cut. */
  static String clean(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_FIELD_CHARS));
    value
        .codePoints()
        .limit(MAX_FIELD_CHARS)
        .forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
    if (value.codePointCount(0, value.length()) > MAX_FIELD_CHARS) {
      out.append('…');
    }
    return out.toString();
  }

  static String capUtf8(String value, int maxBytes) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return value;
    }
    int end = value.length();
    while (end > 0
        && value.substring(0, end).getBytes(StandardCharsets.UTF_8).length > maxBytes - 3) {
      end = Character.isLowSurrogate(value.charAt(end - 1)) && end > 1 ? end - 2 : end - 1;
    }
    return value.substring(0, end) + "…";
  }
}
