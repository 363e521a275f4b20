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
   * @param experiment the experiment and arm that served the list while one runs on its surface, else null;
   *     cite {@code recommendationId} in click events so the experiment counts them
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Recommendations(
      String recommendationId, String strategy, String modelVersion, List<RecommendedItem> items, Integer nextOffset, ServedBy experiment) {}

  /**
   * Which experiment served a list, and how.
   *
   * @param arm {@code interleaved} (both rankers merged), {@code control} or {@code treatment} (A/B)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ServedBy(long id, String arm) {}

  /**
   * An experiment to create. A ranker is {@code popularity}, {@code served} (whatever model is promoted
   * when a request is served) or a stored model version such as {@code v3}.
   *
   * @param surface {@code users} (recommendations for a user) or {@code session} (for an anonymous visitor)
   * @param method {@code interleaving} (team-draft, the platform's default) or {@code ab} (users split 50/50)
   * @param maxImpressions stop automatically after this many served lists; null for the platform's default (20,000)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NewExperiment(String name, String surface, String method, String control, String treatment, Long maxImpressions) {
    public static NewExperiment interleaving(String name, String surface, String control, String treatment) {
      return new NewExperiment(name, surface, "interleaving", control, treatment, null);
    }

    public static NewExperiment ab(String name, String surface, String control, String treatment) {
      return new NewExperiment(name, surface, "ab", control, treatment, null);
    }

    public NewExperiment withMaxImpressions(long impressions) {
      return new NewExperiment(name, surface, method, control, treatment, impressions);
    }
  }

  /**
   * An experiment between two rankers on one surface, with its results as of the read.
   *
   * @param status {@code draft}, {@code running} or {@code stopped}
   * @param stopReason why it stopped (an admin, or its impression limit), null before
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Experiment(
      long id,
      String name,
      String surface,
      String method,
      String control,
      String treatment,
      String status,
      long maxImpressions,
      Instant createdAt,
      Instant startedAt,
      Instant stoppedAt,
      String stopReason,
      ExperimentResults results) {}

  /**
   * What an experiment has measured so far. Exactly one of {@code interleaving} and {@code ab} is set,
   * after the experiment's method.
   *
   * @param impressions lists served in the experiment
   * @param clicks distinct items clicked in those lists
   * @param pValue two-sided; null until there is data
   * @param significant {@code pValue < 0.05}
   * @param verdict the result in plain words, e.g. "Not significant yet: ..."
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ExperimentResults(
      long impressions, long clicks, Double pValue, boolean significant, String verdict, InterleavingResults interleaving, AbResults ab) {}

  /**
   * Team-draft interleaving: each list with clicks is won by the ranker whose items got more of them.
   *
   * @param treatmentPreference treatment wins over contested lists (wins of either side), 0..1; null before any
   * @param preferenceLow lower end of its 95% interval
   * @param preferenceHigh upper end of its 95% interval
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InterleavingResults(
      long listsWithClicks, long controlWins, long treatmentWins, long ties, Double treatmentPreference, Double preferenceLow, Double preferenceHigh) {}

  /**
   * An A/B split: click-through per arm and the treatment's lift over control.
   *
   * @param relativeLift {@code ctrTreatment / ctrControl - 1}, with its 95% interval {@code liftLow..liftHigh}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AbResults(ArmResults control, ArmResults treatment, Double relativeLift, Double liftLow, Double liftHigh) {}

  /**
   * One A/B arm: its users, the lists served to them, and the click-through rate with its 95% interval
   * {@code low..high}.
   *
   * @param clicks lists with at least one click (the rate's numerator)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ArmResults(long users, long impressions, long clicks, Double clickThroughRate, Double low, Double high) {}

  /** Body of {@code GET /v1/experiments}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ExperimentList(List<Experiment> items) {}
}
