package io.warmstart.platform.imports;

import java.time.LocalDate;

/**
 * Writes a UTC instant given in microseconds since the epoch as PostgreSQL reads a {@code
 * timestamptz} in {@code COPY} text: {@code 2024-05-01 12:00:00.000123+00}. Done by hand because a
 * formatter per row cost more than the rest of the row's encoding; the date is computed once per
 * day, since an import's rows mostly share a few days. Instants before 1970 never reach here (the
 * validation refuses them), so every year has four digits.
 */
final class TimestampText {

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  private long cachedDay = Long.MIN_VALUE;
  private String cachedDate;

  StringBuilder append(StringBuilder out, long epochMicros) {
    long day = Math.floorDiv(epochMicros, MICROS_PER_DAY);
    long micros = Math.floorMod(epochMicros, MICROS_PER_DAY);
    if (day != cachedDay) {
      cachedDate = LocalDate.ofEpochDay(day).toString();
      cachedDay = day;
    }
    long seconds = micros / MICROS_PER_SECOND;
    out.append(cachedDate).append(' ');
    twoDigits(out, seconds / 3600).append(':');
    twoDigits(out, seconds / 60 % 60).append(':');
    twoDigits(out, seconds % 60);
    long fraction = micros % MICROS_PER_SECOND;
    if (fraction != 0) {
      out.append('.');
      for (long unit = 100_000; unit > 0; unit /= 10) {
        out.append((char) ('0' + fraction / unit % 10));
      }
    }
    return out.append("+00");
  }

  private static StringBuilder twoDigits(StringBuilder out, long value) {
    return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
