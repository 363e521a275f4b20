package io.warmstart.platform.ingest;

/** An event that passed validation, with its id and time settled, ready to be written. */
public record ValidEvent(
    String eventId,
    String userId,
    String itemId,
    String type,
    Double value,
    long occurredAtMicros,
    boolean timestampGiven,
    String recommendationId) {}
