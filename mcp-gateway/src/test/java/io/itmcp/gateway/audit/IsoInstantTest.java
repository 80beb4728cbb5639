package io.itmcp.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The audit's own instant formatting writes exactly what {@link Instant#toString()} writes. */
class IsoInstantTest {

  @Test
  void writesWhatInstantToStringWritesForEveryShapeOfFraction() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant t = Instant.ofEpochSecond(seconds, nanos);
      assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
    }
  }

  @Test
  void theEdgesOfTheFourDigitYearsAndBeyondThem() {
    for (Instant t :
        new Instant[] {
          Instant.parse("0000-01-01T00:00:00Z"),
          Instant.parse("9999-12-31T23:59:59.999999999Z"),
          Instant.parse("1970-01-01T00:00:00Z"),
          Instant.parse("2024-02-29T12:00:00.100Z"),
          Instant.parse("2026-12-03T15:24:18.000001Z"),
          Instant.parse("2026-12-03T15:24:18.000000001Z"),
          Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
          Instant.parse("9999-12-31T23:59:59Z").plusSeconds(1),
          Instant.MIN,
          Instant.MAX
        }) {
      assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
    }
  }
}
