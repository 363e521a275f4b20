package io.warmstart.platform.ingest;

import io.warmstart.platform.common.IngestConfig;
import io.warmstart.platform.common.InputRules;
import io.warmstart.platform.ingest.EventRequests.EventInput;
import io.warmstart.platform.problem.FieldError;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks events of one request (JSON batch or import file) and settles their ids and times. One
 * instance per request: it counts identical id-less events so a retried request derives the same ids.
 */
public final class EventValidation {

  static final String DERIVED_ID_PREFIX = "auto:";

  private final Set<String> acceptedTypes;
  private final long receivedAtMicros;
  private final long latestAllowedMicros;
  private final Map<String, Integer> identicalSeen = new HashMap<>();
  private final MessageDigest sha256;

  public EventValidation(Set<String> acceptedTypes, IngestConfig config) {
    this.acceptedTypes = acceptedTypes;
    Instant now = Instant.now();
    this.receivedAtMicros = toMicros(now);
    this.latestAllowedMicros = toMicros(now.plus(config.maxClockSkew()));
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The normalised event, or null with the reasons added to {@code errors}. */
  public ValidEvent check(EventInput event, String pointer, List<FieldError> errors) {
    int before = errors.size();
    InputRules.checkId(event.userId(), pointer + "/userId", true, errors);
    InputRules.checkId(event.itemId(), pointer + "/itemId", true, errors);
    InputRules.checkId(event.eventId(), pointer + "/eventId", false, errors);
    InputRules.checkId(event.recommendationId(), pointer + "/recommendationId", false, errors);
    if (event.type() == null) {
      errors.add(new FieldError(pointer + "/type", "is required"));
    } else if (!acceptedTypes.contains(event.type())) {
      errors.add(new FieldError(pointer + "/type", "unknown event type '" + printable(event.type()) + "'; accepted: " + String.join(", ", acceptedTypes)));
    }
    if (event.value() != null && (event.value().isNaN() || event.value().isInfinite())) {
      errors.add(new FieldError(pointer + "/value", "must be a finite number"));
    }
    long occurredAt = event.timestamp() == null ? receivedAtMicros : parseTimestamp(event.timestamp(), pointer + "/timestamp", errors);
    if (errors.size() > before) {
      return null;
    }
    boolean timestampGiven = event.timestamp() != null;
    String eventId = event.eventId() != null ? event.eventId() : deriveId(event, timestampGiven ? occurredAt : null);
    return new ValidEvent(
        eventId, event.userId(), event.itemId(), event.type(), event.value(), occurredAt, timestampGiven, event.recommendationId());
  }

  private long parseTimestamp(String text, String pointer, List<FieldError> errors) {
    long micros;
    try {
      if (looksLikeUnixSeconds(text)) {
        micros = new BigDecimal(text).movePointRight(6).longValueExact();
      } else {
        micros = toMicros(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      errors.add(new FieldError(pointer, "'" + printable(text) + "' is not a timestamp; send ISO-8601 with a zone (2025-05-01T12:00:00Z) or unix seconds"));
      return 0;
    }
    if (micros < 0) {
      errors.add(new FieldError(pointer, "is before 1970-01-01"));
    } else if (micros > latestAllowedMicros) {
      errors.add(new FieldError(pointer, "lies in the future"));
    }
    return micros;
  }

  /**
   * An id from the event's content, so that a retried request stores nothing twice. The k-th
   * identical event of one request gets k in its key, so identical events sent together stay distinct.
   */
  private String deriveId(EventInput event, Long occurredAtMicros) {
    String key =
        String.join(
            "\u0000",
            event.userId(),
            event.itemId(),
            event.type(),
            String.valueOf(event.value()),
            occurredAtMicros == null ? "" : occurredAtMicros.toString());
    int occurrence = identicalSeen.merge(key, 1, Integer::sum);
    byte[] digest = sha256.digest((key + "\u0000" + occurrence).getBytes(StandardCharsets.UTF_8));
    return DERIVED_ID_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
  }

  /** Digits with an optional sign and fraction: what BigDecimal parses as seconds (a regex cost more than the rest of validation). */
  private static boolean looksLikeUnixSeconds(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    int dot = -1;
    if (text.length() == start || text.length() > 24) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' && dot < 0 && i > start && i < text.length() - 1) {
        dot = i;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static long toMicros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static String printable(String value) {
    String clipped = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    return clipped.replaceAll("\\p{Cntrl}", "?");
  }
}
