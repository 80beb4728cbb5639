package io.itmcp.gateway.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * An instant as {@link Instant#toString()} writes it ({@code 2026-12-03T15:24:18.123Z}: seconds
 * always, then the fraction in groups of three digits as needed), for the years 0000 to 9999,
 * without going through a {@code DateTimeFormatter}: every audit record carries one, and a stdio
 * gateway runs this code interpreted for its first few hundred calls. Other years are written by
 * {@link Instant#toString()} itself. Pure.
 */
final class IsoInstant {

  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
  private static final long FIRST = -62_167_219_200L;

  private static final long LAST = 253_402_300_799L;

  private IsoInstant() {}

  static String format(Instant time) {
    long seconds = time.getEpochSecond();
    if (seconds < FIRST || seconds > LAST) {
      return time.toString();
    }
    int nanos = time.getNano();
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    char[] out = new char[30];
    digits(out, 0, t.getYear(), 4);
    out[4] = '-';
    digits(out, 5, t.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, t.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, t.getHour(), 2);
    out[13] = ':';
    digits(out, 14, t.getMinute(), 2);
    out[16] = ':';
    digits(out, 17, t.getSecond(), 2);
    int end = 19;
    if (nanos > 0) {
      out[end++] = '.';
      if (nanos % 1_000_000 == 0) {
        digits(out, end, nanos / 1_000_000, 3);
        end += 3;
      } else if (nanos % 1_000 == 0) {
        digits(out, end, nanos / 1_000, 6);
        end += 6;
      } else {
        digits(out, end, nanos, 9);
        end += 9;
      }
    }
    out[end++] = 'Z';
    return new String(out, 0, end);
  }

  /** {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
