package io.warmstart.platform.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampTextTest {

  /** PostgreSQL's own reading of the text, done the java.time way: it must give the same instant back. */
  private static final DateTimeFormatter POSTGRES_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]X");

  @Test
  void writesWhatPostgresReadsBackAsTheSameInstant() {
    TimestampText text = new TimestampText();
    Random random = new Random(7);
    long latest = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
    for (int i = 0; i < 100_000; i++) {
      long micros = i < 10 ? i : Math.floorMod(random.nextLong(), latest);
      String written = text.append(new StringBuilder(), micros).toString();
      Instant read = OffsetDateTime.parse(written, POSTGRES_TEXT).toInstant();
      assertEquals(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), read, written);
    }
  }

  @Test
  void writesTheFractionOnlyWhenThereIsOne() {
    TimestampText text = new TimestampText();
    assertEquals("1970-01-01 00:00:00+00", text.append(new StringBuilder(), 0).toString());
    assertEquals("2024-02-29 23:59:59.000123+00", text.append(new StringBuilder(), micros("2024-02-29T23:59:59.000123Z")).toString());
    assertEquals("2024-03-01 00:00:00.500000+00", text.append(new StringBuilder(), micros("2024-03-01T00:00:00.5Z")).toString());
  }

  private static long micros(String instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, OffsetDateTime.parse(instant).withOffsetSameInstant(ZoneOffset.UTC).toInstant());
  }
}
