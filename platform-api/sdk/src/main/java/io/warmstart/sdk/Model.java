package io.warmstart.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The SDK's request and response types (the platform's JSON, field for field). */
public final class Model {

  private Model() {}

  /**
   * An interaction. {@code eventId} is the idempotency key; the SDK fills one in (a random UUID)
   * when it is null, before the first attempt, so a retried batch stores nothing twice.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Event(String eventId, String userId, String itemId, String type, Double value, Instant timestamp, String recommendationId) {
    public static Event of(String userId, String itemId, String type) {
      return new Event(null, userId, itemId, type, null, null, null);
    }

    public Event at(Instant when) {
      return new Event(eventId, userId, itemId, type, value, when, recommendationId);
    }

    public Event withId(String id) {
      return new Event(id, userId, itemId, type, value, timestamp, recommendationId);
    }

    /** Feedback on a list the platform served (impressions, clicks): cite its recommendation id. */
    public Event citing(String listId) {
      return new Event(eventId, userId, itemId, type, value, timestamp, listId);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Item(String id, String title, List<String> categories, List<String> tags, Map<String, Object> attributes, Boolean available) {
    public static Item of(String id, String title, String... categories) {
      return new Item(id, title, List.of(categories), null, null, null);
    }
  }

  /** What the platform did with a batch (summed over the requests the SDK split it into). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BatchResult(long received, long written, long duplicates, long rejected, List<Map<String, Object>> errors) {
    static BatchResult empty() {
      return new BatchResult(0, 0, 0, 0, List.of());
    }

    BatchResult plus(BatchResult other) {
      List<Map<String, Object>> all = new java.util.ArrayList<>(errors);
      all.addAll(other.errors());
      return new BatchResult(received + other.received(), written + other.written(), duplicates + other.duplicates(),
          rejected + other.rejected(), all);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RecommendedItem(String id, String title, float score) {}

  /**
   * A list of recommendations.
   *
   * @param strategy personalised, popularity, session or similar-items
   * @param modelVersion the model that made it, null for model-free strategies
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Recommendations(String recommendationId, String strategy, String modelVersion, List<RecommendedItem> items, Integer nextOffset) {}
}
