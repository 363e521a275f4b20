package io.warmstart.platform.recommend;

import java.util.List;

/** Response bodies of the recommendation endpoints. */
public final class RecommendationResponses {

  private RecommendationResponses() {}

  /**
   * One page of recommendations.
   *
   * @param recommendationId cite it in feedback events ({@code recommendationId}) to measure click-through
   * @param strategy how the list was made: {@code personalised}, {@code popularity}, {@code session}, {@code similar-items}
   * @param modelVersion the model that made it, null for model-free strategies
   * @param nextOffset the {@code offset} of the following page, null when there is none
   * @param experiment the experiment and arm this list was served in, null outside experiments
   */
  public record RecommendationList(
      String recommendationId, String strategy, String modelVersion, List<RecommendedItem> items, Integer nextOffset, ExperimentArm experiment) {}

  /** @param arm {@code interleaved} (team-draft), {@code control} or {@code treatment} (A/B) */
  public record ExperimentArm(long id, String arm) {}

  /** An item with the score that ranked it (0 for items appended by popularity after the method's own). */
  public record RecommendedItem(String id, String title, float score) {}

  /**
   * Body of a session request: the anonymous visitor's recent items, oldest first.
   *
   * @param visitorId optional: the user id the visitor's events carry. Needed for the request to take
   *     part in an experiment on the session surface (its clicks are found through those events).
   */
  public record SessionRequest(List<String> items, String visitorId) {}
}
