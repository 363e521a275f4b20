package io.warmstart.platform.ingest;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of the event endpoints. */
public final class EventRequests {

  private EventRequests() {}

  /**
   * An interaction as a client sends it.
   *
   * @param eventId idempotency key: a retried event with the same id is stored once. When absent
   *     the platform derives one from the content (see docs/ingestion.md)
   * @param timestamp ISO-8601 with a zone ({@code 2025-05-01T12:00:00Z}) or unix seconds; absent
   *     means "now"
   * @param recommendationId the recommendation this event reacts to, if any
   */
  public record EventInput(
      String eventId,
      String userId,
      String itemId,
      String type,
      Double value,
      String timestamp,
      String recommendationId) {}

  /** Request body shape for the OpenAPI document. */
  public record EventBatch(List<EventInput> events) {}

  public record EventView(
      String eventId,
      String userId,
      String itemId,
      String type,
      Double value,
      Instant timestamp,
      boolean timestampGiven,
      String recommendationId) {

    static EventView of(InteractionEvent event) {
      return new EventView(
          event.eventId,
          event.userId,
          event.itemId,
          event.type,
          event.value,
          event.occurredAt,
          event.timestampGiven,
          event.recommendationId);
    }
  }
}
